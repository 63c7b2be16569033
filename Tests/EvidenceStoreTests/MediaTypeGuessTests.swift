import Testing
@testable import EvidenceStore

/// The media type an item is recorded with when the user gives none: the first bytes where
/// they are unambiguous, else the file name's extension (informational: extraction goes by
/// the bytes).
@Suite struct MediaTypeGuessTests {
    @Test func signaturesWinOverExtensions() {
        #expect(MediaType.guess(name: "photo.txt", head: [0xFF, 0xD8, 0xFF, 0xE0]) == "image/jpeg")
        #expect(MediaType.guess(name: "scan.bin", head: Array("%PDF-1.7".utf8)) == "application/pdf")
    }

    @Test func extensionsOfTheFormatsExtractionReads() {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        let cases: [(String, [UInt8], String)] = [
            ("book.epub", zip, "application/epub+zip"), ("plan.vsdx", zip, "application/vnd.ms-visio.drawing"),
            ("sheet.xlsb", zip, "application/vnd.ms-excel.sheet.binary.macroenabled.12"),
            ("manifest.xps", zip, "application/vnd.ms-xpsdocument"), ("notes.fodt", [], "application/vnd.oasis.opendocument.text-flat-xml"),
            ("mail.msg", [0xD0, 0xCF, 0x11, 0xE0], "application/vnd.ms-outlook"), ("box.PST", [], "application/vnd.ms-outlook-pst"),
            ("slides.ppt", [], "application/vnd.ms-powerpoint"), ("phone.7z", [], "application/x-7z-compressed"),
            ("dump.tar.gz", [0x1F, 0x8B], "application/gzip"), ("logs.rar", [], "application/vnd.rar"),
            ("still.webp", [], "image/webp"), ("letter.wpd", [], "application/vnd.wordperfect"),
            // A ZIP with no extension it is known by is a ZIP; an unknown file is octet-stream.
            ("export", zip, "application/zip"), ("blob.xyz", [0x00], "application/octet-stream"),
        ]
        for (name, head, expected) in cases {
            #expect(MediaType.guess(name: name, head: head) == expected, "\(name)")
        }
    }
}
