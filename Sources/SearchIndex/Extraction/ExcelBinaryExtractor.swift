/// Excel 97-2003 workbooks (.xls, BIFF8 in the Workbook stream, MS-XLS), read in process: the
/// shared strings (SST, continued across CONTINUE records), and the cells that show text or
/// numbers (LABELSST, LABEL, NUMBER, RK, MULRK, FORMULA with its cached value or STRING),
/// sheet by sheet under their names, a line per row and a tab between cells. Chosen over
/// xls2csv in the extraction child for the same reasons as the Word reader: no exec under the
/// child's memory limit, and the records needed are few and fixed-size.
enum ExcelBinaryExtractor {
    static let passwordProtectedReason = "The workbook is password-protected: Excel encrypted it, and it cannot be read without its password."

    static func extract(_ file: OLECompoundFile, limits: ExtractionLimits) -> ExtractedDocument {
        guard let stream = file.stream(at: ["Workbook"], maxBytes: limits.maxInputBytes)
                ?? file.stream(at: ["Book"], maxBytes: limits.maxInputBytes) else {
            return ExtractedDocument(outcome: .failed, reason: "The workbook is damaged: its Workbook stream cannot be read.")
        }
        guard stream.count >= 8, OLECompoundFile.uint16(stream, 0) == 0x0809 else {
            return ExtractedDocument(outcome: .failed, reason: "The workbook is damaged: it does not start with a BOF record.")
        }
        let version = OLECompoundFile.uint16(stream, 4)
        var fields = OLEPropertySet.summary(file)
        let title = fields.removeValue(forKey: "title")
        guard version == 0x0600 else {
            return ExtractedDocument(outcome: .unsupported,
                                     reason: "The file is an Excel 5.0/95 or older workbook, whose text is not extracted.",
                                     title: title, fields: fields)
        }
        var reader = BIFFReader(stream: stream, limit: limits.maxTextBytes)
        if reader.encrypted {
            return ExtractedDocument(outcome: .failed, reason: passwordProtectedReason)
        }
        reader.read()
        var notes = TextExtractionNotes()
        if reader.damaged { notes.add("some records are damaged and were skipped") }
        if reader.text.truncated { notes.add(reader.text.truncationNote) }
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, title: title,
                                 text: reader.string, fields: fields)
    }
}

/// The record walk of a BIFF8 stream.
struct BIFFReader {
    private let stream: [UInt8]
    private(set) var text: TextBuilder
    private(set) var damaged = false
    private(set) var encrypted = false
    private var strings: [String] = []
    private var sheetNames: [String] = []
    private var sheetIndex = -1
    private var row = -1
    private var pendingFormulaString = false
    private var cellsInRow = 0

    init(stream: [UInt8], limit: Int) {
        self.stream = stream
        self.text = TextBuilder(limit: limit)
        // FILEPASS (0x002F) in the globals, before the first sheet: the workbook is encrypted.
        var at = 0
        while at + 4 <= stream.count {
            let type = OLECompoundFile.uint16(stream, at)
            let length = Int(OLECompoundFile.uint16(stream, at + 2))
            if type == 0x002F { encrypted = true; break }
            if type == 0x000A { break }  // EOF of the globals
            at += 4 + length
        }
    }

    /// Records as (type, body) with their CONTINUE records' bodies kept apart (the SST needs them).
    private func records() -> [(type: UInt16, body: ArraySlice<UInt8>, continues: [ArraySlice<UInt8>])] {
        var out: [(UInt16, ArraySlice<UInt8>, [ArraySlice<UInt8>])] = []
        var at = 0
        while at + 4 <= stream.count {
            let type = OLECompoundFile.uint16(stream, at)
            let length = Int(OLECompoundFile.uint16(stream, at + 2))
            let end = min(stream.count, at + 4 + length)
            let body = stream[(at + 4)..<end]
            if type == 0x003C, !out.isEmpty {
                out[out.count - 1].2.append(body)
            } else {
                out.append((type, body, []))
            }
            at = at + 4 + length
        }
        return out
    }

    mutating func read() {
        for record in records() {
            guard !text.isFull else { return }
            let b = record.body
            let s = b.startIndex
            switch record.type {
            case 0x0085:  // BOUNDSHEET: a sheet's name
                if b.count >= 8, let name = Self.shortString(b, at: s + 6) { sheetNames.append(name) }
            case 0x00FC:  // SST
                readSST(record.body, continues: record.continues)
            case 0x0809:  // BOF: the globals, then each sheet
                if b.count >= 4, OLECompoundFile.uint16(Array(b.prefix(4)), 2) == 0x0010 {
                    sheetIndex += 1
                    row = -1
                    if !text.isEmpty { text.append([0x0A]) }
                    let name = sheetIndex < sheetNames.count ? sheetNames[sheetIndex] : "Sheet \(sheetIndex + 1)"
                    text.append(name + "\n")
                }
            case 0x00FD:  // LABELSST
                guard b.count >= 10 else { damaged = true; continue }
                let index = Int(Self.u32(b, s + 6))
                cell(row: Self.u16(b, s), index < strings.count ? strings[index] : "")
            case 0x0204:  // LABEL
                guard b.count >= 9 else { damaged = true; continue }
                cell(row: Self.u16(b, s), Self.xlString(b, at: s + 6, lengthBytes: 2)?.text ?? "")
            case 0x0203:  // NUMBER
                guard b.count >= 14 else { damaged = true; continue }
                cell(row: Self.u16(b, s), Self.number(Self.double(b, at: s + 6)))
            case 0x027E:  // RK
                guard b.count >= 10 else { damaged = true; continue }
                cell(row: Self.u16(b, s), Self.number(Self.rk(Self.u32(b, s + 6))))
            case 0x00BD:  // MULRK: several RK cells of a row
                guard b.count >= 6 else { damaged = true; continue }
                var at = s + 4
                while at + 6 <= b.endIndex - 2 {
                    cell(row: Self.u16(b, s), Self.number(Self.rk(Self.u32(b, at + 2))))
                    at += 6
                }
            case 0x0006:  // FORMULA: its cached value
                guard b.count >= 14 else { damaged = true; continue }
                if b[s + 12] == 0xFF && b[s + 13] == 0xFF {
                    switch b[s + 6] {
                    case 0: pendingFormulaString = true; row = Self.u16(b, s)
                    case 1: cell(row: Self.u16(b, s), b[s + 8] != 0 ? "TRUE" : "FALSE")
                    default: break
                    }
                } else {
                    cell(row: Self.u16(b, s), Self.number(Self.double(b, at: s + 6)))
                }
            case 0x0207:  // STRING: a formula's text result
                if pendingFormulaString, let value = Self.xlString(b, at: s, lengthBytes: 2) { cell(row: row, value.text) }
                pendingFormulaString = false
            default:
                break
            }
        }
    }

    private mutating func cell(row newRow: Int, _ value: String) {
        guard !value.isEmpty else { return }
        if newRow != row {
            if row >= 0 { text.append([0x0A]) }
            row = newRow
            cellsInRow = 0
        }
        if cellsInRow > 0 { text.append([0x09]) }
        text.append(value)
        cellsInRow += 1
    }

    var string: String {
        var s = text.string
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    /// The SST's strings, each possibly split across CONTINUE records (a split inside the
    /// characters restarts with a new flags byte, MS-XLS §2.5.293).
    private mutating func readSST(_ first: ArraySlice<UInt8>, continues: [ArraySlice<UInt8>]) {
        var chunks = [Array(first)] + continues.map(Array.init)
        guard chunks[0].count >= 8 else { damaged = true; return }
        let unique = Int(OLECompoundFile.uint32(chunks[0], 4))
        chunks[0].removeFirst(8)
        var c = 0, at = 0
        func byte() -> UInt8? {
            while c < chunks.count, at >= chunks[c].count { c += 1; at = 0 }
            guard c < chunks.count else { return nil }
            defer { at += 1 }
            return chunks[c][at]
        }
        func skip(_ n: Int) {
            var left = n
            while left > 0, c < chunks.count {
                let room = chunks[c].count - at
                if room >= left { at += left; return }
                left -= room
                c += 1
                at = 0
            }
        }
        strings.reserveCapacity(min(unique, 1 << 20))
        for _ in 0..<min(unique, 4_000_000) {
            guard let l0 = byte(), let l1 = byte(), var flags = byte() else { break }
            let count = Int(l0) | Int(l1) << 8
            var runs = 0, ext = 0
            if flags & 0x08 != 0 { guard let a = byte(), let b = byte() else { break }; runs = Int(a) | Int(b) << 8 }
            if flags & 0x04 != 0 {
                var v = 0
                for k in 0..<4 { guard let x = byte() else { break }; v |= Int(x) << (8 * k) }
                ext = v
            }
            var units: [UInt16] = []
            units.reserveCapacity(count)
            while units.count < count {
                if c < chunks.count, at >= chunks[c].count, c + 1 < chunks.count {
                    // A new CONTINUE record: its first byte is the flags of the rest.
                    c += 1
                    at = 0
                    guard let f = byte() else { break }
                    flags = (flags & ~0x01) | (f & 0x01)
                }
                if flags & 0x01 != 0 {
                    guard let a = byte(), let b = byte() else { break }
                    units.append(UInt16(a) | UInt16(b) << 8)
                } else {
                    guard let a = byte() else { break }
                    units.append(UInt16(a))
                }
            }
            strings.append(String(decoding: units, as: UTF16.self))
            skip(4 * runs + max(0, ext))
        }
    }

    static func u16(_ b: ArraySlice<UInt8>, _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }

    static func u32(_ b: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    static func double(_ b: ArraySlice<UInt8>, at: Int) -> Double {
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(b[at + k]) << (8 * UInt64(k)) }
        return Double(bitPattern: bits)
    }

    /// An RK number: a 30-bit integer or the top of a double, optionally divided by 100.
    static func rk(_ value: UInt32) -> Double {
        var number: Double
        if value & 0x02 != 0 {
            number = Double(Int32(bitPattern: value) >> 2)
        } else {
            number = Double(bitPattern: UInt64(value & 0xFFFF_FFFC) << 32)
        }
        if value & 0x01 != 0 { number /= 100 }
        return number
    }

    /// A number as a spreadsheet shows it by default: integers without a fraction.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// XLUnicodeString (2-byte length) or ShortXLUnicodeString (1-byte): flags, then 8- or 16-bit characters.
    static func xlString(_ b: ArraySlice<UInt8>, at: Int, lengthBytes: Int) -> (text: String, end: Int)? {
        guard at + lengthBytes < b.endIndex else { return nil }
        let count = lengthBytes == 2 ? u16(b, at) : Int(b[at])
        let flags = b[at + lengthBytes]
        let start = at + lengthBytes + 1
        if flags & 0x01 != 0 {
            let end = min(b.endIndex, start + 2 * count)
            var units: [UInt16] = []
            var k = start
            while k + 1 < end { units.append(UInt16(b[k]) | UInt16(b[k + 1]) << 8); k += 2 }
            return (String(decoding: units, as: UTF16.self), end)
        }
        let end = min(b.endIndex, start + count)
        return (String(decoding: b[start..<end].map { UInt16($0) }, as: UTF16.self), end)
    }

    static func shortString(_ b: ArraySlice<UInt8>, at: Int) -> String? {
        xlString(b, at: at, lengthBytes: 1)?.text
    }
}
