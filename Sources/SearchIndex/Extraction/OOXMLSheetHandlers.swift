/// xl/sharedStrings.xml: the table of strings that cells refer to by index. Phonetic runs
/// (rPh) are readings of the text, not text, and are left out.
struct OOXMLSharedStringsHandler: XMLEventHandler {
    /// All strings together may hold at most this many bytes (the text limit: more could not
    /// be shown anyway); past it, parsing stops and `isTruncated` is set.
    let byteLimit: Int
    private(set) var strings: [String] = []
    private(set) var isTruncated = false
    private var byteCount = 0
    private var current = ""
    private var inItem = false
    private var textDepth = 0
    private var phoneticDepth = 0

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    var wantsText: Bool { inItem && textDepth > 0 && phoneticDepth == 0 }
    var shouldStop: Bool { isTruncated }

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) {
        guard OOXMLNamespace.spreadsheet.contains(name.namespace) else { return }
        switch name.local {
        case "si": inItem = true; current = ""
        case "t": textDepth += 1
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    mutating func endElement(_ name: XMLName) {
        guard OOXMLNamespace.spreadsheet.contains(name.namespace) else { return }
        switch name.local {
        case "si":
            inItem = false
            byteCount += current.utf8.count
            if byteCount > byteLimit { isTruncated = true; return }
            strings.append(current)
        case "t": textDepth = max(0, textDepth - 1)
        case "rPh": phoneticDepth = max(0, phoneticDepth - 1)
        default: break
        }
    }

    mutating func text(_ text: String) {
        current += text
    }
}

/// A worksheet's cells, row by row: cells separated by tabs, rows by line ends. Shared
/// strings are looked up, inline strings and numbers kept as written; formulas are left out
/// (their cached result, in <v>, is what the sheet shows).
struct OOXMLSheetHandler: XMLEventHandler {
    let sharedStrings: [String]
    var buffer: OfficeTextBuffer
    private var cellType: String?
    private var inValue = false
    private var inInline = false
    private var textDepth = 0
    private var phoneticDepth = 0
    private var value = ""
    private var inline = ""
    private var rowHasCells = false

    init(sharedStrings: [String], buffer: OfficeTextBuffer) {
        self.sharedStrings = sharedStrings
        self.buffer = buffer
    }

    var wantsText: Bool { inValue || (inInline && textDepth > 0 && phoneticDepth == 0) }
    var shouldStop: Bool { buffer.isTruncated }

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) {
        guard OOXMLNamespace.spreadsheet.contains(name.namespace) else { return }
        switch name.local {
        case "c":
            cellType = attributes.value("t")
            value = ""
            inline = ""
        case "v": inValue = true
        case "is": inInline = true
        case "t": textDepth += 1
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    mutating func endElement(_ name: XMLName) {
        guard OOXMLNamespace.spreadsheet.contains(name.namespace) else { return }
        switch name.local {
        case "v": inValue = false
        case "is": inInline = false
        case "t": textDepth = max(0, textDepth - 1)
        case "rPh": phoneticDepth = max(0, phoneticDepth - 1)
        case "c":
            let text = cellText().trimmingOfficeWhitespace()
            guard !text.isEmpty else { return }
            if rowHasCells { buffer.append("\t") }
            buffer.append(text)
            rowHasCells = true
        case "row":
            if rowHasCells { buffer.append("\n") }
            rowHasCells = false
        default: break
        }
    }

    mutating func text(_ text: String) {
        if inValue { value += text } else { inline += text }
    }

    private func cellText() -> String {
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingOfficeWhitespace()), sharedStrings.indices.contains(index) else { return "" }
            return sharedStrings[index]
        case "inlineStr": return inline
        case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        default: return value
        }
    }
}
