import Foundation
import Testing
@testable import SearchIndex

/// XLSB: the binary record streams of [MS-XLSB] (exhibits.xlsb is built by make.py and read
/// back by pyxlsb, an independent reader, when it was made).
@Suite(.enabled(if: ExtractFormats.folder != nil, "the formats fixtures are missing"))
struct ExtractXLSBTests {
    @Test func sheetsInOrderWithTheirCells() throws {
        let document = try ExtractFormats.extract("exhibits.xlsb")
        #expect(document.outcome == .ok, "\(document)")
        #expect(document.title == "Property store exhibits")
        #expect(document.fields["author"] == "Exhibits Officer Ruth Adeyemi")
        #expect(ExtractGaps.lines(document) == [
            "Exhibits",
            "Exhibit\tDescription\tValue",
            "JS/1\tbrass sextant\t1250",
            "JS/2\twalnut writing slope\t87.5",
            "Notes",
            "Inline note: the ferryman's lantern",
            "formula said kingfisher\tTRUE",
        ], "\(document.text)")
    }

    @Test func recordsThatRunPastTheirPart() {
        // A record claiming 100 bytes with 3 left: the stream ends, marked truncated.
        var records = XLSBRecords([0x07, 0x64, 0x01, 0x02, 0x03])
        #expect(records.next() == nil && records.isTruncated)
        // A cell whose shared string index is out of range is left out, not a crash.
        var cell = [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0xFF, 0x7F]
        #expect(XLSBWorkbook.cellValue((7, cell[...]), strings: ["only"]) == nil)
        cell = [UInt8](repeating: 0, count: 8) + [0x00, 0x00, 0x00, 0x00]
        #expect(XLSBWorkbook.cellValue((7, cell[...]), strings: ["only"]) == "only")
        // A wide string longer than its record.
        let string = [UInt8](repeating: 0, count: 8) + [0x10, 0x00, 0x00, 0x00, 0x41, 0x00]
        #expect(XLSBWorkbook.cellValue((6, string[...]), strings: []) == nil)
    }

    @Test func rkNumbers() {
        #expect(XLSBWorkbook.rk(UInt32(1250 << 2 | 0x2)) == 1250)
        #expect(XLSBWorkbook.rk(UInt32(bitPattern: Int32(-7) << 2) | 0x2) == -7)
        #expect(XLSBWorkbook.rk(UInt32(1250 << 2 | 0x3)) == 12.5)
        // 1.0 as a double: 0x3FF0000000000000, whose top 30 bits are the RK.
        #expect(XLSBWorkbook.rk(0x3FF0_0000) == 1.0)
        #expect(XLSBWorkbook.number(87.5) == "87.5" && XLSBWorkbook.number(1250) == "1250" && XLSBWorkbook.number(.nan) == nil)
    }
}
