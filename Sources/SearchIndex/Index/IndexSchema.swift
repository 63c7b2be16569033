import CivilCalendar
import Foundation

/// How items become Xapian documents: term prefixes, value slots, normalisation and the
/// stored document data. Search and indexing share these definitions, so that a query
/// value is normalised exactly as the indexed value was.
///
/// Terms (Xapian conventions: upper-case prefixes, lower-case values):
/// - unprefixed: body text, title, file name words and every extracted field, English
///   stemming (STEM_SOME: "Z"-prefixed stems plus unstemmed terms with positions);
/// - free-text fields (stemmed, positional): `title:` XTI, `subject:` XSUBJ, `from:` XFROM,
///   `to:` XTO, `cc:` XCC, `name:` XNAME (words of the file name), `camera:` XCAMERA (a photo's
///   camera make and model, from EXIF);
/// - boolean filter terms (exact, normalised): Q item id (as given: the unique term),
///   XPARENT parent id, XCASE case id, XCREF case reference (`case:`), K kind (`kind:`),
///   XREF exhibit ref (`ref:`), XBY officer (`by:`), XFILE whole file name (`file:`),
///   T media type (`type:`), XCLASS classification (`class:`), XSENS sensitive yes/no
///   (`sensitive:`), XSTATUS disclosure status (`status:`), XHASH SHA-256 (`hash:`),
///   `parent:` XPARENT, XEXTRACT extraction outcome (`extraction:`).
///
/// Values: 0 the UTC day "YYYYMMDD" (for `2024-01-01..2024-03-31` and `date:` ranges),
/// 1 the date in ms as Xapian's sortable_serialise (sorting), 2-6 facet values (case
/// reference, kind, media type, officer, month "YYYY-MM"), 7 classification, 8 the text
/// snippets are cut from (the body, at most `IndexSchema.maxSnippetSourceBytes`; title,
/// fields and file name when there is no body), read only when snippets are asked for,
/// 9 "<case id>:<shard name>" (counted for search records), 10-11 a photo's camera make and
/// model as written (facets), 12 the day a photo was taken "YYYYMMDD", by the camera's own clock
/// (for `taken:` ranges).
///
/// Document data: compact JSON (`StoredItem`), what a hit displays without the catalog.
enum IndexSchema {
    static let language = "english"

    enum Prefix {
        static let itemID = "Q"
        static let parentID = "XPARENT"
        static let caseID = "XCASE"
        static let caseReference = "XCREF"
        static let kind = "K"
        static let exhibitRef = "XREF"
        static let officer = "XBY"
        static let fileName = "XFILE"
        static let mediaType = "T"
        static let classification = "XCLASS"
        static let sensitive = "XSENS"
        static let status = "XSTATUS"
        static let extraction = "XEXTRACT"
        static let sha256 = "XHASH"
        static let title = "XTI"
        static let subject = "XSUBJ"
        static let from = "XFROM"
        static let to = "XTO"
        static let cc = "XCC"
        static let name = "XNAME"
        static let camera = "XCAMERA"
        /// One term per document: its case id and visibility shard ("<case id>:<shard name>"),
        /// so that the visibility filter inside a query is one postlist per visible shard.
        static let visibility = "XVIS"
    }

    enum Slot {
        static let day: UInt32 = 0
        static let time: UInt32 = 1
        static let caseReference: UInt32 = 2
        static let kind: UInt32 = 3
        static let mediaType: UInt32 = 4
        static let officer: UInt32 = 5
        static let month: UInt32 = 6
        static let classification: UInt32 = 7
        static let snippetText: UInt32 = 8
        /// "<case id>:<shard name>" (format 3): counted per search, so that its record can say
        /// the class of what it found in each case.
        static let visibilityClass: UInt32 = 9
        /// A photo's EXIF make and model (facets), and the day it was taken (`taken:` ranges).
        static let cameraMake: UInt32 = 10
        static let cameraModel: UInt32 = 11
        static let takenDay: UInt32 = 12
    }

    /// Query fields that filter (exact, normalised values) and the term prefix of each.
    static let booleanFields: [(field: String, prefix: String)] = [
        ("case", Prefix.caseReference), ("kind", Prefix.kind), ("ref", Prefix.exhibitRef),
        ("by", Prefix.officer), ("file", Prefix.fileName), ("type", Prefix.mediaType),
        ("hash", Prefix.sha256), ("status", Prefix.status), ("class", Prefix.classification),
        ("sensitive", Prefix.sensitive), ("parent", Prefix.parentID), ("extraction", Prefix.extraction),
    ]

    /// Query fields over free text (stemmed, phrases and wildcards work).
    static let textFields: [(field: String, prefix: String)] = [
        ("title", Prefix.title), ("subject", Prefix.subject), ("from", Prefix.from),
        ("to", Prefix.to), ("cc", Prefix.cc), ("name", Prefix.name), ("camera", Prefix.camera),
    ]

    /// Extracted fields indexed under their own prefix as well as in the plain text.
    static let prefixedExtractedFields: [String: String] = [
        "subject": Prefix.subject, "from": Prefix.from, "to": Prefix.to, "cc": Prefix.cc,
    ]

    /// The extracted fields of a photo's EXIF metadata the index files separately (ImageMetadata).
    enum ImageField {
        static let make = "camera-make"
        static let model = "camera-model"
        static let dateTaken = "date-taken"
    }

    /// "YYYYMMDD" of a `date-taken` field ("2024-03-14T23:30:00+01:00": the camera's own day),
    /// or nil when it does not start with a date.
    static func takenDay(_ field: String?) -> String? {
        guard let field else { return nil }
        let bytes = Array(field.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        let digits = bytes[0..<4] + bytes[5..<7] + bytes[8..<10]
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Largest text kept in the document for snippets.
    static let maxSnippetSourceBytes = 256 * 1024
    /// Xapian's limit on a term is 245 bytes; longer boolean values are cut and tagged.
    static let maxTermBytes = 240
    /// Highlight markers handed to MSet::snippet (private-use characters, stripped from
    /// the stored text so that they can only come from Xapian).
    static let highlightStart = "\u{E000}"
    static let highlightEnd = "\u{E001}"

    /// The normal form of a boolean value, applied when indexing and to query values: case
    /// folded to lower case, surrounding white space dropped, inner runs of white space
    /// made one space. ("JS/1" and "js/1" are the same exhibit reference; a SHA-256 is
    /// lower-case hex.)
    static func normalise(_ value: String) -> String {
        var out = ""
        var pendingSpace = false
        for ch in value.lowercased() {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            }
        }
        return out
    }

    /// A field-specific normal form where plain case folding is not enough.
    static func normalise(field prefix: String, _ value: String) -> String {
        switch prefix {
        case Prefix.mediaType:
            return normalise(String(value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""))
        case Prefix.sensitive:
            switch normalise(value) {
            case "yes", "true", "1", "y": return "yes"
            case "no", "false", "0", "n": return "no"
            default: return normalise(value)
            }
        default:
            return normalise(value)
        }
    }

    /// prefix + normalised value, cut at a character boundary and tagged with a hash of the
    /// whole value if it would exceed Xapian's term length limit.
    static func booleanTerm(_ prefix: String, _ value: String) -> String {
        let v = normalise(field: prefix, value)
        return fitTerm(prefix + v)
    }

    /// The value to hand the query parser for a field value, so that the term it makes
    /// (prefix + value) is the term `booleanTerm` stored.
    static func queryValue(_ prefix: String, _ value: String) -> String {
        String(booleanTerm(prefix, value).dropFirst(prefix.count))
    }

    static func fitTerm(_ term: String) -> String {
        guard term.utf8.count > maxTermBytes else { return term }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64
        for b in term.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let tag = "#" + String(hash, radix: 16)
        var cut = ""
        var used = 0
        for scalar in term.unicodeScalars {
            let n = String(scalar).utf8.count
            if used + n > maxTermBytes - tag.utf8.count { break }
            cut.unicodeScalars.append(scalar)
            used += n
        }
        return cut + tag
    }

    /// "YYYYMMDD" and "YYYY-MM" of a time in ms since 1970, in UTC.
    static func day(_ milliseconds: Int64) -> (day: String, month: String) {
        let msPerDay: Int64 = 86_400_000
        var days = milliseconds / msPerDay
        if milliseconds % msPerDay < 0 { days -= 1 }
        let (y, m, d) = CivilDate.civil(fromDays: days)
        let year = pad(y, 4)
        return (year + pad(m, 2) + pad(d, 2), year + "-" + pad(m, 2))
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n < 0 ? -n : n)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// The name of the shard holding a visibility class: the classification made safe for a
    /// file name, with ".sensitive" for sensitive material.
    /// The visibility term of a document of `caseID` in shard `shard`.
    /// The value of slot `visibilityClass`.
    static func classValue(caseID: String, shard: String) -> String { caseID + ":" + shard }

    /// The shard a `classValue` names, when it is one of `caseID`.
    static func shard(ofClassValue value: String, caseID: String) -> String? {
        let prefix = caseID + ":"
        guard value.hasPrefix(prefix) else { return nil }
        return String(value.dropFirst(prefix.count))
    }

    /// A shard name's classification (normalised) and sensitivity.
    static func visibilityClass(ofShard shard: String) -> (classification: String, sensitive: Bool) {
        let suffix = ".sensitive"
        if shard.hasSuffix(suffix) { return (String(shard.dropLast(suffix.count)), true) }
        return (shard, false)
    }

    static func visibilityTerm(caseID: String, shard: String) -> String {
        fitTerm(Prefix.visibility + caseID.lowercased() + ":" + shard)
    }

    static func shardName(classification: String, sensitive: Bool) -> String {
        let c = normalise(classification)
        var safe = ""
        for ch in c.unicodeScalars {
            if ("a"..."z").contains(ch) || ("0"..."9").contains(ch) || ch == "-" {
                safe.unicodeScalars.append(ch)
            } else {
                safe.append("_")
            }
        }
        if safe != c || safe.isEmpty {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in c.utf8 {
                hash ^= UInt64(b)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            safe += "-" + String(hash, radix: 16)
        }
        return safe + (sensitive ? ".sensitive" : "")
    }
}

/// What a hit displays without the catalog: the first line of a document's data.
struct StoredItem: Codable, Equatable {
    var id: String
    var parent: String?
    var caseID: String
    var caseRef: String
    var kind: String
    var ref: String?
    var name: String?
    var title: String?
    var type: String
    var date: Int64
    var officer: String?
    var classification: String
    var sensitive: Bool
    var status: String
    /// The extraction outcome and its reason (absent in documents of format 1 before they
    /// were recorded: read as "ok").
    var extraction: String = "ok"
    var extractionReason: String?
    /// How OCR recognised the text, when it did (`OCRProvenance.summary`).
    var ocr: String?

    private enum CodingKeys: String, CodingKey {
        case id, parent, caseID = "case", caseRef = "cref", kind, ref, name, title, type, date, officer = "by"
        case classification = "class", sensitive = "sens", status, extraction = "ext", extractionReason = "extwhy", ocr
    }

    static func encode(_ item: StoredItem) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(item), as: UTF8.self)
    }

    struct Unreadable: Error {}

    /// The item stored in `document`; a failure of Xapian is passed on as it is, and data that
    /// does not parse is reported as damage to the index at `path` (worked out only then: a
    /// search reads every hit's document this way).
    static func read(_ document: XDocument, damagedAt path: @autoclosure () -> String,
                     detail: @autoclosure () -> String) throws -> StoredItem {
        do {
            return try decode(try document.data)
        } catch let failure as XapianFailure {
            throw failure
        } catch {
            throw IndexError.corrupt(path: path(), detail: detail())
        }
    }

    /// Reads the document data written by `encode`, with a small parser for flat JSON
    /// objects (strings, integers, booleans, null): JSONDecoder costs ~50 µs a hit, which
    /// would dominate the latency of a search.
    static func decode(_ data: String) throws -> StoredItem {
        var data = data
        return try data.withUTF8 { bytes throws -> StoredItem in
            let fields = try FlatJSON.parse(bytes)
            func string(_ key: String) throws -> String {
                guard case .string(let s)? = fields[key] else { throw Unreadable() }
                return s
            }
            func optional(_ key: String) throws -> String? {
                switch fields[key] {
                case .string(let s)?: return s
                case .null?, nil: return nil
                default: throw Unreadable()
                }
            }
            guard case .integer(let date)? = fields["date"], case .bool(let sensitive)? = fields["sens"] else {
                throw Unreadable()
            }
            return StoredItem(
                id: try string("id"), parent: try optional("parent"), caseID: try string("case"),
                caseRef: try string("cref"), kind: try string("kind"), ref: try optional("ref"),
                name: try optional("name"), title: try optional("title"), type: try string("type"), date: date,
                officer: try optional("by"), classification: try string("class"), sensitive: sensitive,
                status: try string("status"), extraction: try optional("ext") ?? "ok",
                extractionReason: try optional("extwhy"), ocr: try optional("ocr"))
        }
    }
}

/// A parser for flat JSON objects: `{"key": "string" | integer | true | false | null, …}`.
enum FlatJSON {
    enum Value: Equatable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [String: Value] {
        var i = 0
        let n = bytes.count
        func fail() -> StoredItem.Unreadable { StoredItem.Unreadable() }
        func skipSpace() {
            while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }
        func expect(_ c: UInt8) throws {
            skipSpace()
            guard i < n, bytes[i] == c else { throw fail() }
            i += 1
        }
        func hex4() throws -> UInt32 {
            guard i + 4 <= n else { throw fail() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                i += 1
                v <<= 4
                switch c {
                case 0x30...0x39: v |= UInt32(c - 0x30)
                case 0x41...0x46: v |= UInt32(c - 0x41 + 10)
                case 0x61...0x66: v |= UInt32(c - 0x61 + 10)
                default: throw fail()
                }
            }
            return v
        }
        func string() throws -> String {
            try expect(0x22)
            let start = i
            // Fast path: no escapes.
            while i < n, bytes[i] != 0x22, bytes[i] != 0x5C { i += 1 }
            if i < n, bytes[i] == 0x22 {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            var out = Array(bytes[start..<i])
            while i < n {
                let c = bytes[i]
                i += 1
                if c == 0x22 { return String(decoding: out, as: UTF8.self) }
                guard c == 0x5C else { out.append(c); continue }
                guard i < n else { throw fail() }
                let e = bytes[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), i + 6 <= n, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail() }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail()
                }
            }
            throw fail()
        }
        func literal(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard i + w.count <= n, Array(bytes[i..<(i + w.count)]) == w else { return false }
            i += w.count
            return true
        }
        func value() throws -> Value {
            skipSpace()
            guard i < n else { throw fail() }
            switch bytes[i] {
            case 0x22: return .string(try string())
            case 0x74: if literal("true") { return .bool(true) }
            case 0x66: if literal("false") { return .bool(false) }
            case 0x6E: if literal("null") { return .null }
            case 0x2D, 0x30...0x39:
                let start = i
                i += 1
                while i < n, (0x30...0x39).contains(bytes[i]) { i += 1 }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                guard let v = Int64(text) else { throw fail() }
                return .integer(v)
            default: break
            }
            throw fail()
        }

        var fields: [String: Value] = [:]
        try expect(0x7B)
        skipSpace()
        if i < n, bytes[i] == 0x7D {
            i += 1
        } else {
            while true {
                let key = try string()
                try expect(0x3A)
                fields[key] = try value()
                skipSpace()
                guard i < n else { throw fail() }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x7D { i += 1; break }
                throw fail()
            }
        }
        skipSpace()
        guard i == n else { throw fail() }
        return fields
    }
}
