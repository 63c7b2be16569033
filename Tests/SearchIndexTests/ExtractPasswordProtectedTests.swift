import Foundation
import Testing
@testable import SearchIndex

/// Password-protected documents are reported as such, by name: outcome failed, with a reason
/// that says so, never "corrupt" or "unsupported".
@Suite struct ExtractPasswordProtectedTests {
    /// A compound file of 512-byte sectors (MS-CFB version 3): the header, one FAT sector, one
    /// directory sector holding the root and `streams`.
    static func compoundFile(streams: [String], directoryNext: UInt32 = 0xFFFF_FFFE) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 512 * 3)
        func put16(_ value: UInt16, _ at: Int) { bytes[at] = UInt8(value & 0xFF); bytes[at + 1] = UInt8(value >> 8) }
        func put32(_ value: UInt32, _ at: Int) { for k in 0..<4 { bytes[at + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) } }
        bytes.replaceSubrange(0..<8, with: OLECompoundFile.signature)
        put16(0x3E, 0x18); put16(3, 0x1A); put16(0xFFFE, 0x1C); put16(9, 0x1E); put16(6, 0x20)
        put32(1, 0x2C); put32(1, 0x30); put32(4096, 0x38); put32(0xFFFF_FFFE, 0x3C); put32(0xFFFF_FFFE, 0x44)
        for index in 0..<109 { put32(0xFFFF_FFFF, 0x4C + 4 * index) }
        put32(0, 0x4C)
        for index in 0..<128 { put32(0xFFFF_FFFF, 512 + 4 * index) }
        put32(0xFFFF_FFFD, 512)
        put32(directoryNext, 516)
        for (slot, name) in (["Root Entry"] + streams).enumerated() {
            let entry = 1024 + 128 * slot
            let units = Array(name.utf16) + [0]
            for (k, unit) in units.enumerated() { put16(unit, entry + 2 * k) }
            put16(UInt16(2 * units.count), entry + 0x40)
            bytes[entry + 0x42] = slot == 0 ? 5 : 2
        }
        return bytes
    }

    @Test func encryptedOfficeOpenXMLIsPasswordProtected() {
        let encrypted = Self.compoundFile(streams: ["EncryptionInfo", "EncryptedPackage", "\u{6}DataSpaces"])
        let document = Extractors.extract(encrypted, name: "locked.docx", mediaType: nil)
        #expect(document.outcome == .failed)
        #expect(document.reason == OfficeExtractor.passwordProtectedReason)
    }

    @Test func legacyCompoundFilesAreUnsupportedAndDamagedOnesFail() {
        // A Word document whose WordDocument stream is empty: damaged, with a reason.
        let legacy = Extractors.extract(Self.compoundFile(streams: ["WordDocument", "1Table"]), name: "old.doc", mediaType: nil)
        #expect(legacy.outcome == .failed && legacy.reason?.contains("damaged") == true, "\(legacy)")
        // A directory chain that points back at itself ends at the file's sector count.
        let loop = OfficeExtractor.extract(Self.compoundFile(streams: ["Contents"], directoryNext: 1))
        #expect(loop.outcome == .unsupported)
        let zeros = OLECompoundFile.signature + [UInt8](repeating: 0, count: 504)
        let damaged = OfficeExtractor.extract(zeros, name: "locked.docx")
        #expect(damaged.outcome == .failed && damaged.reason?.contains("damaged") == true, "\(damaged)")
        #expect(OfficeExtractor.extract(Array(OLECompoundFile.signature)).outcome == .failed)
    }

    /// Made by msoffcrypto-tool (agile encryption, as Office 2010 and later write) from graphics.docx.
    @Test(.enabled(if: ExtractFiles.gaps != nil, "the gaps fixtures are missing"))
    func realEncryptedDocx() throws {
        let document = try ExtractGaps.extract("encrypted.docx")
        #expect(document.outcome == .failed && document.reason == OfficeExtractor.passwordProtectedReason, "\(document)")
    }

    @Test(.enabled(if: ExtractFiles.gaps != nil, "the gaps fixtures are missing"))
    func encryptedOpenDocument() throws {
        let document = try ExtractGaps.extract("encrypted.odt")
        #expect(document.outcome == .failed && document.reason?.contains("password-protected") == true, "\(document)")
    }

    /// Made by qpdf with a user password from annotated.pdf.
    @Test(.enabled(if: ExtractFiles.gaps != nil, "the gaps fixtures are missing"))
    func encryptedPDF() throws {
        let document = try #require(ExtractPDFSupport.extract(try ExtractGaps.bytes("encrypted.pdf")))
        #expect(document.outcome == .failed && document.reason == PDFExtractor.encryptedReason, "\(document)")
        #expect(PDFExtractor.encryptedReason.contains("password-protected"))
        #expect(document.text.isEmpty)
    }
}
