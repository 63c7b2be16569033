import Foundation
import Testing
@testable import SearchIndex

/// Word, Excel and PowerPoint 97-2003 files and RTF, made here with LibreOffice from the
/// flat OpenDocument and CSV sources beside them (see the fixtures README): the words search
/// must find, the properties, and damaged or encrypted input with a reason.
@Suite(.enabled(if: ExtractFiles.legacyOffice != nil, "the legacy-office fixtures are missing"))
struct ExtractLegacyOfficeTests {
    static func file(_ name: String) throws -> [UInt8] {
        try ExtractFiles.bytes(try #require(ExtractFiles.legacyOffice).appendingPathComponent(name))
    }

    static let statementWords: Set<String> = ["eleanor", "whitcombe", "crimson", "balaclava", "scullery", "café", "naïve",
                                              "zürich", "façade", "ελπίδα", "свидетель", "sapphire", "brooch", "4200", "quokka"]

    @Test func wordDocument() throws {
        let document = Extractors.extract(try Self.file("legacy.doc"), name: "legacy.doc", mediaType: nil)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let words = Set(ExtractWords.words(document.text))
        #expect(words.isSuperset(of: Self.statementWords), "\(document.text)")
        #expect(words.contains("marigold"), "the header's text: \(document.text)")
        #expect(document.text.contains("Sapphire brooch\t4200"), "\(document.text)")
        #expect(document.title == "Burglary witness statement")
        #expect(document.fields["author"] == "Detective Constable Harding", "\(document.fields)")
    }

    @Test func excelWorkbook() throws {
        let document = Extractors.extract(try Self.file("legacy.xls"), name: "legacy.xls", mediaType: nil)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let lines = document.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("EX-001\tCrowbar with turquoise paint\t1.25"), "\(document.text)")
        #expect(lines.contains("EX-003\tCafé receipt from Zürich\t7"), "\(document.text)")
        #expect(lines.first == "legacy", "the sheet's name first: \(document.text)")
    }

    @Test func powerPointPresentation() throws {
        let document = Extractors.extract(try Self.file("legacy.ppt"), name: "legacy.ppt", mediaType: nil)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let words = Set(ExtractWords.words(document.text))
        #expect(words.isSuperset(of: ["nightjar", "vermilion", "hatchback", "café", "zürich", "courier", "pelican", "warehouse"]),
                "\(document.text)")
        #expect(!document.text.contains("Click to edit"), "\(document.text)")
    }

    @Test func richTextFormat() throws {
        let document = Extractors.extract(try Self.file("legacy.rtf"), name: "legacy.rtf", mediaType: nil)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let words = Set(ExtractWords.words(document.text))
        #expect(words.isSuperset(of: Self.statementWords), "\(document.text)")
        #expect(document.title == "Burglary witness statement")
        #expect(document.fields["author"] == "Detective Constable Harding", "\(document.fields)")
        // No font names, colour tables or style names leak into the text.
        #expect(!words.contains("liberation") && !words.contains("red255"), "\(document.text)")
    }

    /// Hand-written RTF: \ansicpg bytes, \u with its \uc replacement skipped, a surrogate pair,
    /// a font with a Cyrillic \fcharset, skipped destinations and \bin data.
    @Test func rtfEscapesAndDestinations() {
        let rtf = #"{\rtf1\ansi\ansicpg1252\uc1{\fonttbl{\f0 Arial;}{\f1\fcharset204 Arial Cyr;}}"#
            + #"{\*\generator Hidden;}{\info{\title Report \'e9t\'e9}{\author J\'f6rg}}"#
            + #"\f0 caf\'e9 na\u239?ve {\f1 \'e4\'ee\'ec} smile\u-10179?\u-8704? {\pict\bin4 ABCD} end\par "#
            + #"{\*\unknowndest secret} next\tab cell\line line}"#
        let document = RTFExtractor.extract(Array(rtf.utf8))
        #expect(document.outcome == .ok)
        #expect(document.title == "Report été")
        #expect(document.fields["author"] == "Jörg")
        #expect(document.text.contains("café naïve дом smile😀"), "\(document.text)")
        #expect(document.text.contains("end\n") && document.text.contains("next\tcell\nline"), "\(document.text)")
        #expect(!document.text.contains("Hidden") && !document.text.contains("secret") && !document.text.contains("ABCD"))
        #expect(RTFExtractor.extract(Array("not rtf".utf8)).outcome == .failed)
        // Unbalanced and truncated input ends without a crash.
        let cut = RTFExtractor.extract(Array("{\\rtf1{{{{ text \\'e".utf8))
        #expect(cut.text.contains("text"))
    }

    /// WordPerfect is not read (no WordPerfect file with a clear licence could be had here to
    /// test a reader on): its header is recognised and the format named.
    @Test func wordPerfectIsNamed() {
        let header: [UInt8] = [0xFF, 0x57, 0x50, 0x43, 0x10, 0x00, 0x00, 0x00, 0x01, 0x0A, 0x02, 0x01]
        let document = Extractors.extract(header + [UInt8](repeating: 0, count: 500), name: "letter.wpd", mediaType: nil)
        #expect(document.outcome == .unsupported && document.reason?.contains("WordPerfect") == true, "\(document)")
    }

    @Test func encryptedAndDamagedLegacyFiles() throws {
        // fEncrypted set in the Word header: reported as password-protected.
        var doc = try Self.file("legacy.doc")
        let fib = try #require(Self.find([0xEC, 0xA5], in: doc))
        doc[fib + 0x0B] |= 0x01
        let locked = Extractors.extract(doc, name: "locked.doc", mediaType: nil)
        #expect(locked.outcome == .failed && locked.reason?.contains("password-protected") == true, "\(locked)")
        // A FILEPASS record at the start of the workbook's globals.
        var xls = try Self.file("legacy.xls")
        let book = try #require(Self.find([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00], in: xls))
        let bofLength = Int(xls[book + 2]) | Int(xls[book + 3]) << 8
        xls.replaceSubrange((book + 4 + bofLength)..<(book + 4 + bofLength + 4), with: [0x2F, 0x00, 0x00, 0x00])
        let lockedBook = Extractors.extract(xls, name: "locked.xls", mediaType: nil)
        #expect(lockedBook.outcome == .failed && lockedBook.reason?.contains("password-protected") == true, "\(lockedBook)")
        // Cut short: a reason, never a crash.
        for name in ["legacy.doc", "legacy.xls", "legacy.ppt"] {
            let bytes = try Self.file(name)
            for size in [100, 600, bytes.count / 2] {
                let document = Extractors.extract(Array(bytes.prefix(size)), name: name, mediaType: nil)
                #expect(document.outcome != .ok && document.reason != nil, "\(name) cut at \(size): \(document)")
            }
        }
        // A compound file of no known application is named as such.
        let other = ExtractPasswordProtectedTests.compoundFile(streams: ["Contents", "Data"])
        let unknown = Extractors.extract(other, name: "thing.ole", mediaType: nil)
        #expect(unknown.outcome == .unsupported && unknown.reason?.contains("OLE compound file of an unknown application") == true)
    }

    /// Where a stream's known first bytes are in the file (the start of a 64-byte mini sector or a sector).
    static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        stride(from: 512, to: bytes.count - pattern.count, by: 64).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }
}
