import Foundation
import Testing
@testable import SearchIndex

/// Formats recognised and named but not read: Apple iWork and OneNote say so by name.
@Suite struct ExtractNamedUnsupportedTests {
    /// An iWork '13+ package: Index/*.iwa protobuf archives (their bytes here are placeholders).
    @Test func appleIWork() {
        let pages = ZipTestTools.storedZip([
            ("Index/Document.iwa", [0x00, 0x1B, 0x00, 0x00, 0x08]),
            ("Index/Metadata.iwa", [0x00, 0x05, 0x00, 0x00, 0x08]),
            ("Metadata/Properties.plist", Array("bplist00".utf8)),
            ("preview.jpg", [0xFF, 0xD8, 0xFF, 0xD9]),
        ])
        let document = Extractors.extract(pages, name: "statement.pages", mediaType: nil)
        #expect(document.outcome == .unsupported, "\(document)")
        #expect(document.reason?.hasPrefix("statement.pages is an Apple iWork document") == true, "\(document)")
        #expect(document.reason?.contains("unsupported: Apple iWork") == true)
        // iWork '09: index.xml with a QuickLook preview.
        let keynote = ZipTestTools.storedZip([("index.xml", Array("<key:presentation/>".utf8)), ("QuickLook/Thumbnail.jpg", [0xFF])])
        #expect(NamedUnsupportedFormat.isNamed(Extractors.extract(keynote, name: "old.key", mediaType: nil)))
        // A plain ZIP is not iWork.
        let plain = ZipTestTools.storedZip([("index.xml", Array("<x/>".utf8))])
        #expect(Extractors.extract(plain, name: "a.zip", mediaType: nil).reason?.contains("iWork") != true)
    }

    /// A OneNote section begins with its file-format GUID ([MS-ONESTORE] 2.3.1).
    @Test func oneNote() {
        let section = NamedUnsupportedFormat.oneNoteSignatures[0] + [UInt8](repeating: 0, count: 1024)
        let document = Extractors.extract(section, name: "Case notes.one", mediaType: "application/onenote")
        #expect(document.outcome == .unsupported && document.reason == NamedUnsupportedFormat.oneNoteReason, "\(document)")
        #expect(document.reason?.contains("unsupported: OneNote") == true)
        let toc = NamedUnsupportedFormat.oneNoteSignatures[1] + [UInt8](repeating: 0, count: 64)
        #expect(Extractors.extract(toc, name: "Open Notebook.onetoc2", mediaType: nil).reason == NamedUnsupportedFormat.oneNoteReason)
    }
}
