/// CSV and TSV: the cells as text, one row per line with cells separated by tabs (line breaks
/// inside a quoted cell become spaces, so a row stays one line). RFC 4180 quoting, read
/// leniently as spreadsheets write it: a quote inside an unquoted cell is literal, and text
/// after a closing quote joins the cell. The delimiter (comma, semicolon or tab) is chosen
/// from the first records. The header row is kept as text.
public enum CSVExtractor {
    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits) -> ExtractedDocument {
        if let tooBig = TextExtractors.rejectOversized(bytes.count, limits: limits) { return tooBig }
        return extract(bytes[...], context: TextExtractionContext(limits: limits), charset: nil)
    }

    static func extract(_ bytes: ArraySlice<UInt8>, context: TextExtractionContext, charset: Charset?) -> ExtractedDocument {
        var cs = charset
        if TextNormalisation.bom(bytes) == nil && cs == nil {
            cs = TextNormalisation.guessUTF16(bytes)
            if cs == nil && TextNormalisation.looksBinary(bytes) {
                return ExtractedDocument(outcome: .unsupported, reason: "The file looks like binary data, not text.")
            }
        }
        // Decoding keeps CR (the parser needs CRLF), so only the charset step runs here.
        var body = bytes
        if let (bomCharset, start) = TextNormalisation.bom(bytes) {
            cs = bomCharset
            body = bytes[start...]
        } else if cs == nil {
            cs = CharsetDetection.detect(bytes)
        }
        let u = (cs ?? .utf8).decode(body)
        let delimiter = detectDelimiter(u)
        var text = TextBuilder(limit: context.limits.maxTextBytes)
        var rows = 0
        var parser = CSVParser(u, delimiter: delimiter)
        while !text.isFull, let row = parser.nextRow() {
            let cells = row.map { TextNormalisation.clean(Array(trimmed($0))) }.filter { !$0.isEmpty }
            guard !cells.isEmpty else { continue }
            if !text.isEmpty { text.append(byte: 0x0A) }
            for (k, cell) in cells.enumerated() {
                if k > 0 { text.append(byte: 0x09) }
                text.append(cell.map { $0 == 0x0A || $0 == 0x09 ? 0x20 : $0 })
            }
            rows += 1
        }
        var notes = TextExtractionNotes()
        if text.truncated { notes.add(text.truncationNote) }
        if parser.unterminatedQuote { notes.add("a quoted cell is not closed before the end of the file") }
        let name = delimiter == 0x09 ? "tab" : String(UnicodeScalar(delimiter))
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, text: text.string,
                                 fields: ["delimiter": name, "rows": String(rows)])
    }

    /// The candidate that splits the first records most consistently into more than one cell:
    /// the most records sharing the same non-zero count wins, then the larger count, then the
    /// order comma, semicolon, tab.
    static func detectDelimiter(_ u: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
        let sample = Array(u.prefix(64 << 10))
        var best = candidates[0]
        var bestScore = (agreeing: 0, count: 0)
        for candidate in candidates {
            var counts: [Int: Int] = [:]
            var parser = CSVParser(sample, delimiter: candidate)
            var records = 0
            while records < 50, let row = parser.nextRow() {
                records += 1
                if row.count > 1 { counts[row.count - 1, default: 0] += 1 }
            }
            guard let mode = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if (mode.value, mode.key) > (bestScore.agreeing, bestScore.count) {
                bestScore = (mode.value, mode.key)
                best = candidate
            }
        }
        return best
    }

    private static func trimmed(_ cell: [UInt8]) -> ArraySlice<UInt8> {
        var s = cell[...]
        while let f = s.first, f == 0x20 || f == 0x09 || f == 0x0D || f == 0x0A { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 || l == 0x0D || l == 0x0A { s = s.dropLast() }
        return s
    }
}

/// RFC 4180 records from UTF-8 bytes. Every step consumes input, so it always ends.
struct CSVParser {
    private let u: [UInt8]
    private let delimiter: UInt8
    private var i = 0
    private(set) var unterminatedQuote = false

    init(_ u: [UInt8], delimiter: UInt8) {
        self.u = u
        self.delimiter = delimiter
    }

    mutating func nextRow() -> [[UInt8]]? {
        let n = u.count
        guard i < n else { return nil }
        var row: [[UInt8]] = []
        var cell: [UInt8] = []
        var atCellStart = true
        var quoted = false
        while i < n {
            let b = u[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < n && u[i + 1] == UInt8(ascii: "\"") {
                        cell.append(b)
                        i += 2
                        continue
                    }
                    quoted = false
                } else {
                    cell.append(b)
                }
                i += 1
                continue
            }
            if b == delimiter {
                row.append(cell)
                cell = []
                atCellStart = true
                i += 1
                continue
            }
            if b == 0x0A || b == 0x0D {
                i += (b == 0x0D && i + 1 < n && u[i + 1] == 0x0A) ? 2 : 1
                row.append(cell)
                return row
            }
            if b == UInt8(ascii: "\"") && atCellStart {
                quoted = true
                atCellStart = false
                i += 1
                continue
            }
            if atCellStart && (b == 0x20 || b == 0x09) && b != delimiter {
                // Spaces before an opening quote do not stop it opening (`a, "b, c"`).
                var k = i
                while k < n && (u[k] == 0x20 || u[k] == 0x09) && u[k] != delimiter { k += 1 }
                if k < n && u[k] == UInt8(ascii: "\"") {
                    i = k
                    continue
                }
            }
            atCellStart = false
            cell.append(b)
            i += 1
        }
        if quoted { unterminatedQuote = true }
        row.append(cell)
        return row
    }
}
