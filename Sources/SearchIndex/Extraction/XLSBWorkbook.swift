/// XLSB ([MS-XLSB]): an OPC package like XLSX whose parts are binary record streams. The
/// workbook's BrtBundleSh records list the sheets in order; each sheet's name goes on a line,
/// then its rows (cells tab-separated): shared strings (BrtCellIsst), inline strings
/// (BrtCellSt, and the cached values of string formulas), numbers (RK, IEEE doubles and
/// numeric formulas) and booleans.
enum XLSBWorkbook {
    enum Record {
        static let rowHeader = 0, cellBlank = 1, cellRK = 2, cellError = 3, cellBool = 4, cellReal = 5
        static let cellString = 6, cellSharedString = 7, formulaString = 8, formulaNumber = 9, formulaBool = 10
        static let sharedStringItem = 19, bundleSheet = 156
    }

    static func extract(_ reader: inout OfficeReader, mainPart: String) -> ExtractedDocument {
        guard let workbook = reader.bytes(of: mainPart) else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first ?? "The workbook part \(mainPart) is missing.")
        }
        let relationships = OOXMLPackage.relationships(&reader, of: mainPart)
        let byID = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sheets: [(name: String, part: String)] = []
        var records = XLSBRecords(workbook)
        while let record = records.next() {
            guard record.type == Record.bundleSheet else { continue }
            var fields = XLSBFields(record.data)
            guard fields.skip(8), let relationshipID = fields.wideString(), let name = fields.wideString(),
                  let relationship = byID[relationshipID], relationship.hasType("worksheet") else { continue }
            sheets.append((name, relationship.target))
        }
        if records.isTruncated { reader.note("\(mainPart) ends inside a record.") }
        let strings = sharedStrings(&reader, relationships)
        var done = Set<String>()
        for sheet in sheets where done.insert(sheet.part.lowercased()).inserted {
            guard !reader.buffer.isTruncated else { break }
            reader.buffer.appendBlock(sheet.name)
            guard let bytes = reader.bytes(of: sheet.part) else {
                if !reader.hasPart(sheet.part) { reader.note("The worksheet \(sheet.part) is missing.") }
                continue
            }
            appendCells(bytes, strings: strings, into: &reader, part: sheet.part)
        }
        let properties = OOXMLPackage.coreProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }

    /// BrtSSTItem strings, in order, bounded in total by the text limit.
    private static func sharedStrings(_ reader: inout OfficeReader, _ relationships: [OOXMLRelationship]) -> [String] {
        guard let part = relationships.first(where: { $0.hasType("sharedStrings") })?.target,
              let bytes = reader.bytes(of: part) else { return [] }
        var strings: [String] = []
        var total = 0
        var records = XLSBRecords(bytes)
        while let record = records.next() {
            guard record.type == Record.sharedStringItem else { continue }
            var fields = XLSBFields(record.data)
            // RichStr: a flags byte (rich text runs, phonetic text follow the string), then the string.
            guard fields.byte() != nil, let string = fields.wideString() else {
                strings.append("")
                continue
            }
            total += string.utf8.count
            guard total <= reader.limits.maxTextBytes else {
                reader.note("The shared strings of the workbook pass the text limit; later ones were left out.")
                break
            }
            strings.append(string)
        }
        if records.isTruncated { reader.note("\(part) ends inside a record.") }
        return strings
    }

    private static func appendCells(_ bytes: [UInt8], strings: [String], into reader: inout OfficeReader, part: String) {
        var records = XLSBRecords(bytes)
        var row: [String] = []
        func flush(_ reader: inout OfficeReader) {
            while row.last?.isEmpty == true { row.removeLast() }
            if !row.isEmpty { reader.buffer.append(row.joined(separator: "\t") + "\n") }
            row.removeAll(keepingCapacity: true)
        }
        while let record = records.next(), !reader.buffer.isTruncated {
            if record.type == Record.rowHeader {
                flush(&reader)
                continue
            }
            guard let value = cellValue(record, strings: strings) else { continue }
            row.append(value)
        }
        flush(&reader)
        if records.isTruncated { reader.note("\(part) ends inside a record.") }
    }

    /// The text of a cell record; nil for records that are not cells with a value.
    static func cellValue(_ record: (type: Int, data: ArraySlice<UInt8>), strings: [String]) -> String? {
        var fields = XLSBFields(record.data)
        // Every cell record starts with its column and its style (4 bytes each).
        guard (Record.cellBlank...Record.formulaBool).contains(record.type), fields.skip(8) else { return nil }
        switch record.type {
        case Record.cellSharedString:
            guard let index = fields.uint32(), Int(index) < strings.count else { return nil }
            return strings[Int(index)]
        case Record.cellString, Record.formulaString:
            return fields.wideString().map { TextNormalisation.collapseWhitespace($0) }
        case Record.cellReal, Record.formulaNumber:
            return fields.uint64().flatMap { number(Double(bitPattern: $0)) }
        case Record.cellRK:
            return fields.uint32().flatMap { number(rk($0)) }
        case Record.cellBool, Record.formulaBool:
            return fields.byte().map { $0 == 0 ? "FALSE" : "TRUE" }
        default:
            return nil
        }
    }

    /// An RK number ([MS-XLSB] 2.5.122): a 30-bit integer or the top 30 bits of a double,
    /// divided by 100 when its first bit says so.
    static func rk(_ raw: UInt32) -> Double {
        let value: Double
        if raw & 0x2 != 0 {
            value = Double(Int32(bitPattern: raw) >> 2)
        } else {
            value = Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        }
        return raw & 0x1 != 0 ? value / 100 : value
    }

    /// Whole numbers without a fraction ("17", not "17.0"), others as Swift prints them.
    static func number(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
