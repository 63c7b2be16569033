/// Word 97-2003 documents (.doc, MS-DOC), read in process on the compound-file reader: the
/// text is where the piece table (the Clx in the 0Table/1Table stream) says, each piece either
/// 8-bit (Windows-1252) or UTF-16. Chosen over antiword or catdoc in the extraction child
/// because it needs no exec under the child's memory limit, and the piece table is a few
/// dozen lines; what it leaves out is formatting, which search does not need. The whole
/// text is read: body, footnotes, headers, comments, endnotes and text boxes, with field codes
/// (the part between a field's start and separator) dropped and their results kept.
enum WordBinaryExtractor {
    static func extract(_ file: OLECompoundFile, limits: ExtractionLimits) -> ExtractedDocument {
        guard let word = file.stream(at: ["WordDocument"], maxBytes: limits.maxInputBytes), word.count >= 0x1AA,
              OLECompoundFile.uint16(word, 0) == 0xA5EC || OLECompoundFile.uint16(word, 0) == 0xA5DC else {
            return ExtractedDocument(outcome: .failed, reason: "The Word document is damaged: its WordDocument stream has no valid header.")
        }
        let flags = OLECompoundFile.uint16(word, 0x0A)
        if flags & 0x0100 != 0 {
            return ExtractedDocument(outcome: .failed, reason: passwordProtectedReason)
        }
        let nFib = OLECompoundFile.uint16(word, 2)
        var fields = OLEPropertySet.summary(file)
        let title = fields["title"]
        if fields["title"] != nil { fields.removeValue(forKey: "title") }
        guard nFib >= 101 else {
            return ExtractedDocument(outcome: .unsupported,
                                     reason: "The file is a Word 6 or Word 95 document, whose text is not extracted.",
                                     title: title, fields: fields)
        }
        let tableName = flags & 0x0200 != 0 ? "1Table" : "0Table"
        guard let table = file.stream(at: [tableName], maxBytes: limits.maxInputBytes) else {
            return ExtractedDocument(outcome: .failed, reason: "The Word document is damaged: its \(tableName) stream is missing.")
        }
        let fcClx = Int(OLECompoundFile.uint32(word, 0x1A2))
        let lcbClx = Int(OLECompoundFile.uint32(word, 0x1A6))
        guard let pieces = pieceTable(table, at: fcClx, length: lcbClx) else {
            return ExtractedDocument(outcome: .failed, reason: "The Word document is damaged: its piece table cannot be read.")
        }
        var text = WordText(limit: limits.maxTextBytes)
        var damaged = false
        // A forged piece table can name the same bytes many times over: the characters read are
        // bounded, as well as the text kept.
        var budget = max(limits.maxTextBytes, word.count) * 4
        for piece in pieces where !text.builder.isFull {
            let count = piece.characters
            guard count <= budget else { damaged = true; break }
            budget -= count
            if piece.compressed {
                let start = piece.offset / 2
                guard start >= 0, start + count <= word.count else { damaged = true; continue }
                for scalar in Charset.windows1252.decodeString(word[start..<(start + count)]).unicodeScalars {
                    text.add(scalar.value)
                }
            } else {
                let start = piece.offset
                guard start >= 0, start + 2 * count <= word.count else { damaged = true; continue }
                var k = start
                while k < start + 2 * count {
                    text.add(UInt32(OLECompoundFile.uint16(word, k)))
                    k += 2
                }
            }
        }
        var notes = TextExtractionNotes()
        if damaged { notes.add("parts of the text lie outside the file and were not read") }
        if text.builder.truncated { notes.add(text.builder.truncationNote) }
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, title: title,
                                 text: text.string, fields: fields)
    }

    static let passwordProtectedReason = "The document is password-protected: Word encrypted it, and it cannot be read without its password."

    struct Piece {
        let characters: Int
        let offset: Int
        let compressed: Bool
    }

    /// The Clx's Pcdt: skips the Prc (formatting) blocks before it, then reads the PlcPcd.
    static func pieceTable(_ table: [UInt8], at start: Int, length: Int) -> [Piece]? {
        guard start >= 0, length > 0, start + length <= table.count else { return nil }
        var at = start
        let end = start + length
        while at < end, table[at] == 0x01 {
            guard at + 3 <= end else { return nil }
            at += 3 + Int(OLECompoundFile.uint16(table, at + 1))
        }
        guard at + 5 <= end, table[at] == 0x02 else { return nil }
        let size = Int(OLECompoundFile.uint32(table, at + 1))
        at += 5
        guard size >= 16, at + size <= end, (size - 4) % 12 == 0 else { return nil }
        let count = (size - 4) / 12
        var pieces: [Piece] = []
        for k in 0..<count {
            let cpStart = Int(OLECompoundFile.uint32(table, at + 4 * k))
            let cpEnd = Int(OLECompoundFile.uint32(table, at + 4 * (k + 1)))
            guard cpEnd >= cpStart else { return nil }
            let pcd = at + 4 * (count + 1) + 8 * k
            let fc = OLECompoundFile.uint32(table, pcd + 2)
            let compressed = fc & 0x4000_0000 != 0
            pieces.append(Piece(characters: cpEnd - cpStart, offset: Int(fc & 0x3FFF_FFFF), compressed: compressed))
        }
        return pieces
    }
}

/// Word's characters to text: paragraph, cell and break marks to white space, field codes
/// dropped (the code between 0x13 and 0x14; the result up to 0x15 kept), object anchors gone.
struct WordText {
    var builder: TextBuilder
    /// Per open field: whether its code is still being read (true until its separator).
    private var fields: [Bool] = []
    private var highSurrogate: UInt32?

    init(limit: Int) {
        builder = TextBuilder(limit: limit)
    }

    mutating func add(_ unit: UInt32) {
        switch unit {
        case 0x13:
            if fields.count < 64 { fields.append(true) }
            return
        case 0x14:
            if !fields.isEmpty { fields[fields.count - 1] = false }
            return
        case 0x15:
            _ = fields.popLast()
            return
        default:
            break
        }
        if fields.contains(true) { return }
        switch unit {
        case 0x0D, 0x0B, 0x0C, 0x0E: builder.append(byte: 0x0A)
        case 0x07, 0x09: builder.append(byte: 0x09)
        case 0x1E: builder.append(byte: UInt8(ascii: "-"))
        case 0xA0: builder.append(byte: 0x20)
        case 0..<0x20, 0x1F: break
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF:
            if let high = highSurrogate, let s = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)) {
                builder.append(String(Character(s)))
            }
            highSurrogate = nil
        default:
            if let s = Unicode.Scalar(unit) { builder.append(String(Character(s))) }
        }
    }

    var string: String {
        // Trailing blanks of lines and runs of blank lines go, as in the other extractors.
        var lines: [Substring] = []
        for line in builder.string.split(separator: "\n", omittingEmptySubsequences: false) {
            var cut = line
            while let last = cut.last, last == " " || last == "\t" { cut = cut.dropLast() }
            if cut.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(cut)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
