import Foundation
import Testing
@testable import SearchIndex

/// EPUB: the spine's XHTML in reading order, title and author from the OPF.
@Suite(.enabled(if: ExtractFormats.folder != nil, "the formats fixtures are missing"))
struct ExtractEPUBTests {
    /// LibreOffice's EPUB export of src/report.fodt: two chapters, one XHTML file each.
    @Test func libreOfficeEPUB() throws {
        let document = try ExtractFormats.extract("report.epub")
        #expect(document.outcome == .ok, "\(document)")
        #expect(document.title == "Lantern Quay Surveillance Log")
        #expect(document.fields["author"] == "Priya Okonkwo")
        for word in ["turquoise", "lighthouse", "saxophone", "tricycle", "pomegranates", "warehouse"] {
            #expect(ExtractWords.contains(word, in: document.text), "\(word) missing from \(document.text)")
        }
        // Reading order is the spine's: chapter one before chapter two.
        let one = try #require(document.text.range(of: "turquoise"))
        let two = try #require(document.text.range(of: "pomegranates"))
        #expect(one.lowerBound < two.lowerBound)
        // The navigation document and the stylesheet are not body text.
        #expect(!document.text.contains("font-family"))
    }

    /// A hand-made package: a spine that reorders the manifest, a missing chapter, and the
    /// mimetype entry absent (readers go by META-INF/container.xml).
    @Test func spineOrderAndMissingChapter() {
        let epub = ZipTestTools.storedZip([
            ("META-INF/container.xml", Array(Self.container("book/package.opf").utf8)),
            ("book/package.opf", Array(Self.opf(spine: ["c2", "c1", "gone"]).utf8)),
            ("book/text/c1.xhtml", Array(Self.xhtml("Second harpsichord chapter").utf8)),
            ("book/text/c2.xhtml", Array(Self.xhtml("First zeppelin chapter").utf8)),
        ])
        let document = Extractors.extract(epub, name: "book.epub", mediaType: nil)
        #expect(document.outcome == .partial, "\(document)")
        #expect(document.reason?.contains("text/gone.xhtml") == true, "\(document)")
        #expect(document.text.hasPrefix("First zeppelin chapter"), "\(document.text)")
        #expect(document.text.contains("Second harpsichord chapter"))
        #expect(document.title == "Quayside Ledger" && document.fields["author"] == "Imogen Vasquez")
    }

    @Test func encryptedContentIsReportedAsDRM() {
        let encryption = """
        <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
        <enc:EncryptedData><enc:CipherData><enc:CipherReference URI="book/text/c1.xhtml"/></enc:CipherData></enc:EncryptedData>
        </encryption>
        """
        let epub = ZipTestTools.storedZip([
            ("mimetype", Array("application/epub+zip".utf8)),
            ("META-INF/container.xml", Array(Self.container("book/package.opf").utf8)),
            ("META-INF/encryption.xml", Array(encryption.utf8)),
            ("book/package.opf", Array(Self.opf(spine: ["c1"]).utf8)),
            ("book/text/c1.xhtml", [0x9C, 0x11, 0x42, 0x00, 0xF3]),
        ])
        let document = Extractors.extract(epub, name: "locked.epub", mediaType: nil)
        #expect(document.outcome == .failed && document.reason?.contains("DRM-protected") == true, "\(document)")
    }

    @Test func truncatedAndBombLimitedEPUB() throws {
        let bytes = try ExtractFormats.bytes("report.epub")
        let truncated = Extractors.extract(Array(bytes.prefix(bytes.count / 2)), name: "report.epub", mediaType: nil)
        #expect(truncated.outcome == .failed, "\(truncated)")
        #expect(truncated.reason?.isEmpty == false)
        // An expansion budget smaller than the package: the reader stops with the limit as its reason.
        let limited = Extractors.extract(bytes, name: "report.epub", mediaType: nil, limits: ExtractFormats.tightExpansion(600))
        #expect(limited.outcome != .ok, "\(limited)")
        #expect(limited.reason?.contains("limit") == true, "\(limited)")
    }

    @Test func noPackageDocument() {
        let epub = ZipTestTools.storedZip([
            ("mimetype", Array("application/epub+zip".utf8)),
            ("META-INF/container.xml", Array(Self.container("missing.opf").utf8)),
        ])
        let document = Extractors.extract(epub, name: "empty.epub", mediaType: nil)
        #expect(document.outcome == .failed && document.reason?.contains("package document") == true, "\(document)")
    }

    static func container(_ path: String) -> String {
        """
        <?xml version="1.0"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
        <rootfiles><rootfile full-path="\(path)" media-type="application/oebps-package+xml"/></rootfiles></container>
        """
    }

    static func opf(spine: [String]) -> String {
        let items = ["c1", "c2", "gone"].map { #"<item id="\#($0)" href="text/\#($0).xhtml" media-type="application/xhtml+xml"/>"# }
        return """
        <?xml version="1.0"?>
        <package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:title>Quayside Ledger</dc:title><dc:creator>Imogen Vasquez</dc:creator></metadata>
        <manifest>\(items.joined())</manifest>
        <spine>\(spine.map { #"<itemref idref="\#($0)"/>"# }.joined())</spine></package>
        """
    }

    static func xhtml(_ text: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <html xmlns="http://www.w3.org/1999/xhtml"><head><title>ignored</title></head><body><p>\(text)</p></body></html>
        """
    }
}
