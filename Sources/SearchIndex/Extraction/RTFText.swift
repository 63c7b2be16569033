/// RTF to plain text: a small tokenizer rather than a tool (unrtf) in the extraction child,
/// because RTF's text model is simple (groups, control words, a few escapes) and reading it
/// here needs no process start, and it also serves the RTF bodies of Outlook messages.
///
/// What it does: control words that mean a break (\par, \line, \tab, \cell, \row …) become
/// white space; \uN Unicode escapes (with the \ucN replacement characters after them skipped)
/// and \'hh bytes in the code page of the current font's \fcharset, else the document's
/// \ansicpg; destinations without text (\fonttbl, \colortbl, \stylesheet, \pict, \object
/// data, every \* destination …) are skipped and \bin data jumped over; \info's \title,
/// \author, \subject, \keywords and \company become fields. For Outlook's HTML encapsulated
/// in RTF (\fromhtml1), the HTML tags (\*\htmltag) go and the RTF-only parts (\htmlrtf) give
/// only their breaks. Nesting deeper than `maxDepth` keeps the state of the level above.
struct RTFText {
    private enum Destination: Equatable {
        case body, skip, fontTable, info, infoField(String)
    }

    private struct Group {
        var destination: Destination = .body
        var unicodeSkip = 1
        var font: Int?
        var htmlRTF = false
    }

    private(set) var text: TextBuilder
    private(set) var info: [String: String] = [:]
    private(set) var isEncapsulatedHTML = false
    private(set) var unknownCodePages: [Int] = []

    private let input: [UInt8]
    private let maxDepth: Int
    private var group = Group()
    private var stack: [Group] = []
    private var overflow = 0
    private var documentCodePage = 1252
    private var fontCharsets: [Int: Int] = [:]
    private var fontBeingDefined: Int?
    private var pending: [UInt8] = []
    private var pendingCodePage = 1252
    private var skipCount = 0
    private var starred = false
    private var infoText: [String: [UInt8]] = [:]
    private var highSurrogate: UInt32?

    /// Whether bytes look like RTF.
    static func isRTF(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: Array("{\\rtf".utf8))
    }

    init(_ input: [UInt8], maxTextBytes: Int, maxDepth: Int = 256) {
        self.input = input
        self.maxDepth = maxDepth
        self.text = TextBuilder(limit: maxTextBytes)
        parse()
        flush()
        for (name, bytes) in infoText {
            let value = TextNormalisation.collapseWhitespace(String(decoding: TextNormalisation.clean(bytes), as: UTF8.self))
            if !value.isEmpty { info[name] = value }
        }
    }

    /// The text with its lines' trailing blanks dropped and runs of blank lines cut to one.
    var string: String {
        var lines: [Substring] = []
        var blank = 0
        let all = String(decoding: TextNormalisation.clean(text.bytes), as: UTF8.self)
        for line in all.split(separator: "\n", omittingEmptySubsequences: false) {
            var cut = line
            while let last = cut.last, last == " " || last == "\t" || last == "\u{00A0}" { cut = cut.dropLast() }
            if cut.isEmpty {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(cut)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private mutating func parse() {
        var i = 0
        let n = input.count
        while i < n, !text.isFull {
            let c = input[i]
            switch c {
            case UInt8(ascii: "{"):
                flush()
                if stack.count < maxDepth { stack.append(group) } else { overflow += 1 }
                skipCount = 0
                i += 1
            case UInt8(ascii: "}"):
                flush()
                if overflow > 0 {
                    overflow -= 1
                } else if let last = stack.popLast() {
                    group = last
                }
                skipCount = 0
                starred = false
                i += 1
            case UInt8(ascii: "\\"):
                i = control(at: i + 1)
            case 0x0D, 0x0A, 0x00:
                i += 1
            default:
                i += 1
                if skipCount > 0 {
                    skipCount -= 1
                    continue
                }
                if c == 0x09 { emitText([0x09]); continue }
                emitByte(c)
            }
        }
    }

    /// Reads the control word or symbol after a backslash; returns where reading goes on.
    private mutating func control(at start: Int) -> Int {
        let n = input.count
        guard start < n else { return n }
        let first = input[start]
        guard Self.isLetter(first) else { return symbol(first, at: start) }
        var end = start
        while end < n, Self.isLetter(input[end]), end - start < 32 { end += 1 }
        let word = String(decoding: input[start..<end], as: UTF8.self)
        var parameter: Int?
        var p = end
        var negative = false
        if p < n, input[p] == UInt8(ascii: "-") { negative = true; p += 1 }
        let digits = p
        var value = 0
        while p < n, input[p] >= 0x30, input[p] <= 0x39, p - digits < 10 {
            value = value * 10 + Int(input[p] - 0x30)
            p += 1
        }
        if p > digits { parameter = negative ? -value : value } else { p = end }
        if p < n, input[p] == 0x20 { p += 1 }
        if word == "bin" {
            // Binary data of the given length: never text.
            flush()
            return min(n, p + max(0, parameter ?? 0))
        }
        if skipCount > 0 && word != "u" {
            skipCount -= 1
            return p
        }
        apply(word, parameter)
        return p
    }

    private mutating func symbol(_ c: UInt8, at start: Int) -> Int {
        switch c {
        case UInt8(ascii: "'"):
            let n = input.count
            guard start + 2 < n, let high = Self.hexValue(input[start + 1]),
                  let low = Self.hexValue(input[start + 2]) else { return start + 1 }
            if skipCount > 0 {
                skipCount -= 1
            } else {
                emitByte(high << 4 | low)
            }
            return start + 3
        case UInt8(ascii: "*"):
            starred = true
        case UInt8(ascii: "~"):
            emitText(Array("\u{00A0}".utf8))
        case UInt8(ascii: "_"):
            emitText([UInt8(ascii: "-")])
        case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            if skipCount > 0 { skipCount -= 1 } else { emitByte(c) }
        case 0x0A, 0x0D:
            emitBreak()
        case UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "|"):
            break  // optional hyphen, index sub-entry, formula: nothing to read
        default:
            break
        }
        return start + 1
    }

    /// Destinations with no text of their own for the reader.
    private static let skippedDestinations: Set<String> = [
        "colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl", "pict", "objdata",
        "themedata", "colorschememapping", "datastore", "latentstyles", "xmlnstbl", "filetbl", "fldinst", "generator",
        "pgdsctbl", "mmathPr", "xe", "tc", "nonshppict", "sp", "sn", "sv", "template", "userprops", "docvar",
        "wgrffmtfilter", "htmltag", "mhtmltag", "bkmkstart", "bkmkend", "pntxta", "pntxtb", "listtext",
        "fchars", "lchars", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc", "private", "falt", "panose", "fname",
        "blipuid",
    ]
    private static let infoFields: Set<String> = ["title", "author", "subject", "keywords", "company", "operator",
                                                  "manager", "category", "doccomm"]
    private static let characters: [String: String] = [
        "emdash": "\u{2014}", "endash": "\u{2013}", "lquote": "\u{2018}", "rquote": "\u{2019}",
        "ldblquote": "\u{201C}", "rdblquote": "\u{201D}", "bullet": "\u{2022}", "emspace": " ", "enspace": " ",
        "qmspace": " ", "zwj": "", "zwnj": "",
    ]

    private mutating func apply(_ word: String, _ parameter: Int?) {
        let wasStarred = starred
        starred = false
        if group.destination == .skip { return }
        if group.destination == .fontTable {
            switch word {
            case "f": fontBeingDefined = parameter
            case "fcharset":
                if let font = fontBeingDefined, let value = parameter { fontCharsets[font] = value }
            default: break
            }
            return
        }
        if group.destination == .info || { if case .infoField = group.destination { return true } else { return false } }() {
            if Self.infoFields.contains(word) {
                // The first of a repeated field is kept (LibreOffice writes \author twice).
                group.destination = infoText[word, default: []].isEmpty ? .infoField(word) : .skip
            } else if word == "u", let parameter {
                unicode(parameter)
            } else if group.destination == .info || wasStarred {
                group.destination = .skip
            }
            return
        }
        switch word {
        case "par", "line", "sect", "page", "row", "softline", "lbr":
            emitBreak()
        case "tab", "cell", "nestcell":
            emitText([0x09])
        case "u":
            if let parameter { unicode(parameter) }
        case "uc":
            group.unicodeSkip = max(0, min(parameter ?? 1, 16))
        case "ansicpg":
            if let parameter { documentCodePage = parameter }
        case "mac": documentCodePage = 10000
        case "pc": documentCodePage = 437
        case "pca": documentCodePage = 850
        case "f":
            group.font = parameter
        case "fonttbl":
            group.destination = .fontTable
        case "info":
            group.destination = .info
        case "fromhtml":
            isEncapsulatedHTML = true
        case "htmlrtf":
            group.htmlRTF = parameter != 0
        default:
            if let replacement = Self.characters[word] {
                emitText(Array(replacement.utf8))
            } else if wasStarred || Self.skippedDestinations.contains(word) {
                flush()
                group.destination = .skip
            }
        }
    }

    private mutating func unicode(_ parameter: Int) {
        flush()
        let unit = UInt32(parameter < 0 ? parameter + 65536 : parameter) & 0xFFFF
        skipCount = group.unicodeSkip
        if (0xD800...0xDBFF).contains(unit) {
            highSurrogate = unit
            return
        }
        var scalar = unit
        if (0xDC00...0xDFFF).contains(unit) {
            guard let high = highSurrogate else { return }
            scalar = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
        }
        highSurrogate = nil
        if let s = Unicode.Scalar(scalar) { emitText(Array(String(Character(s)).utf8)) }
    }

    private var currentCodePage: Int {
        if let font = group.font, let charset = fontCharsets[font] {
            if charset == 2 { return 1252 }  // symbol fonts: read as Windows-1252
            if let page = WindowsCodePage.forFontCharset(charset) { return page }
        }
        return documentCodePage
    }

    private var isReading: Bool {
        switch group.destination {
        case .body: !(isEncapsulatedHTML && group.htmlRTF)
        case .infoField: true
        default: false
        }
    }

    /// A byte of text (literal or \'hh), kept until the run ends so a multi-byte code page's
    /// characters decode whole.
    private mutating func emitByte(_ byte: UInt8) {
        guard isReading else { return }
        let page = currentCodePage
        if !pending.isEmpty && page != pendingCodePage { flush() }
        if byte < 0x80 && pending.isEmpty {
            append([byte])
            return
        }
        pendingCodePage = page
        pending.append(byte)
        if pending.count >= 4096 { flush() }
    }

    private mutating func emitText(_ utf8: [UInt8]) {
        flush()
        guard isReading else { return }
        append(utf8)
    }

    /// A line break; inside the RTF-only parts of encapsulated HTML too, since the HTML tags
    /// that made them are skipped and words would otherwise run together.
    private mutating func emitBreak() {
        flush()
        if group.destination == .body { append([0x0A]) }
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        var charset = WindowsCodePage.charset(pendingCodePage)
        if charset == nil {
            if unknownCodePages.count < 4, !unknownCodePages.contains(pendingCodePage) { unknownCodePages.append(pendingCodePage) }
            charset = .windows1252
        }
        append(charset?.decode(bytes[...]) ?? bytes)
    }

    private mutating func append(_ utf8: [UInt8]) {
        if case .infoField(let name) = group.destination {
            if infoText[name, default: []].count < 4096 { infoText[name, default: []].append(contentsOf: utf8) }
        } else {
            text.append(utf8)
        }
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
