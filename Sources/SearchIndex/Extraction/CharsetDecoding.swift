/// A character set the text extractors can decode into UTF-8.
///
/// Decoding never fails: UTF-8 is read leniently (a byte that does not start a well-formed
/// sequence is read as Windows-1252, so a mostly-UTF-8 file with a few Latin-1 bytes, or a
/// Windows-1252 file, both come out readable), unpaired UTF-16 surrogates become U+FFFD,
/// single-byte charsets map every byte through a table built from glibc's iconv, and the rest
/// go through iconv itself (`IconvDecoding`); an undefined byte or sequence becomes U+FFFD.
struct Charset: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case utf8
        case utf16LE
        case utf16BE
        /// "UTF-16" without an order: a BOM decides, else the position of the zero bytes.
        case utf16
        case singleByte
        /// Decoded by glibc's iconv under `name` (multi-byte CJK charsets, EBCDIC, …): text
        /// in it is not ASCII-compatible byte by byte, so it is transcoded before parsing.
        case iconv
    }

    /// The canonical name ("utf-8", "windows-1252", "iso-8859-15", …).
    let name: String
    let kind: Kind
    /// For single-byte charsets: the scalar of each byte 0x80...0xFF.
    let upperHalf: [UInt16]

    static func == (a: Charset, b: Charset) -> Bool { a.name == b.name }

    static let utf8 = Charset(name: "utf-8", kind: .utf8, upperHalf: [])
    static let utf16LE = Charset(name: "utf-16le", kind: .utf16LE, upperHalf: [])
    static let utf16BE = Charset(name: "utf-16be", kind: .utf16BE, upperHalf: [])
    static let utf16 = Charset(name: "utf-16", kind: .utf16, upperHalf: [])
    /// Windows-1252 as browsers read it: iconv's table, with the five bytes Windows leaves
    /// undefined mapped to the C1 controls of the same number (WHATWG Encoding). Should iconv
    /// lack the charset, ISO-8859-1.
    static let windows1252: Charset = {
        var table = IconvDecoding.upperHalf(of: "CP1252") ?? (0x80...0xFF).map { UInt16($0) }
        for hole in [0x81, 0x8D, 0x8F, 0x90, 0x9D] where table[hole - 0x80] == 0xFFFD { table[hole - 0x80] = UInt16(hole) }
        return Charset(name: "windows-1252", kind: .singleByte, upperHalf: table)
    }()

    /// Labels (lower-cased, letters and digits only) to charsets. ISO-8859-1 and US-ASCII are
    /// read as supersets, as browsers and mail readers do, since mislabelled Windows-1252 and
    /// raw 8-bit text are common; ISO-8859-9 and -11 likewise become Windows-1254 and -874.
    private static let byLabel: [String: Charset] = {
        var map: [String: Charset] = [:]
        func add(_ charset: Charset, _ labels: [String]) { for label in labels { map[label] = charset } }
        add(.utf8, ["utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8",
                    "usascii", "ascii", "ansix341968", "iso646us", "us", "cp367", "ibm367", "csascii"])
        add(.utf16LE, ["utf16le", "unicodefeff"])
        add(.utf16BE, ["utf16be", "unicodefffe"])
        add(.utf16, ["utf16", "ucs2", "unicode", "csunicode", "iso10646ucs2"])
        add(.windows1252, ["windows1252", "cp1252", "xcp1252", "iso88591", "latin1", "l1", "cp819",
                           "ibm819", "isoir100", "csisolatin1", "iso8859", "8859"])
        let tables: [(name: String, iconvName: String, labels: [String])] = [
            ("windows-1250", "CP1250", ["windows1250", "cp1250", "xcp1250"]),
            ("windows-1251", "CP1251", ["windows1251", "cp1251", "xcp1251"]),
            ("windows-1253", "CP1253", ["windows1253", "cp1253", "xcp1253"]),
            ("windows-1254", "CP1254", ["windows1254", "cp1254", "xcp1254", "iso88599",
                                                          "latin5", "l5", "isoir148", "csisolatin5"]),
            ("windows-1255", "CP1255", ["windows1255", "cp1255", "xcp1255"]),
            ("windows-1256", "CP1256", ["windows1256", "cp1256", "xcp1256"]),
            ("windows-1257", "CP1257", ["windows1257", "cp1257", "xcp1257"]),
            ("windows-1258", "CP1258", ["windows1258", "cp1258", "xcp1258"]),
            ("windows-874", "CP874", ["windows874", "cp874", "tis620", "iso885911", "dos874"]),
            ("iso-8859-2", "ISO-8859-2", ["iso88592", "latin2", "l2", "isoir101", "csisolatin2"]),
            ("iso-8859-3", "ISO-8859-3", ["iso88593", "latin3", "l3", "isoir109", "csisolatin3"]),
            ("iso-8859-4", "ISO-8859-4", ["iso88594", "latin4", "l4", "isoir110", "csisolatin4"]),
            ("iso-8859-5", "ISO-8859-5", ["iso88595", "cyrillic", "isoir144", "csisolatincyrillic"]),
            ("iso-8859-6", "ISO-8859-6", ["iso88596", "arabic", "iso88596e", "iso88596i", "isoir127", "asmo708"]),
            ("iso-8859-7", "ISO-8859-7", ["iso88597", "greek", "greek8", "isoir126", "elot928", "csisolatingreek"]),
            ("iso-8859-8", "ISO-8859-8", ["iso88598", "hebrew", "iso88598e", "iso88598i", "isoir138", "visual", "logical"]),
            ("iso-8859-10", "ISO-8859-10", ["iso885910", "latin6", "l6", "isoir157", "csisolatin6"]),
            ("iso-8859-13", "ISO-8859-13", ["iso885913", "latin7", "l7"]),
            ("iso-8859-14", "ISO-8859-14", ["iso885914", "latin8", "l8"]),
            ("iso-8859-15", "ISO-8859-15", ["iso885915", "latin9", "l9", "latin0"]),
            ("iso-8859-16", "ISO-8859-16", ["iso885916", "latin10", "l10"]),
            ("koi8-r", "KOI8-R", ["koi8r", "koi8", "cskoi8r"]),
            ("koi8-u", "KOI8-U", ["koi8u", "koi8ru"]),
            ("macintosh", "MACINTOSH", ["macintosh", "mac", "macroman", "xmacroman", "csmacintosh"]),
            ("ibm437", "IBM437", ["ibm437", "cp437", "437", "cspc8codepage437"]),
            ("ibm850", "IBM850", ["ibm850", "cp850", "850", "cspc850multilingual"]),
            ("ibm866", "IBM866", ["ibm866", "cp866", "866", "csibm866"]),
        ]
        // Tables from glibc's iconv, built once per process; a charset iconv lacks stays unknown.
        for (name, iconvName, labels) in tables {
            guard let table = IconvDecoding.upperHalf(of: iconvName) else { continue }
            add(Charset(name: name, kind: .singleByte, upperHalf: table), labels)
        }
        return map
    }()

    /// Labels of the CJK charsets to the iconv charset that decodes them. As browsers and
    /// mail readers do (the WHATWG Encoding standard), a label is read as the superset its
    /// senders' software actually writes: GB2312 and GBK as GB18030, Big5 as Big5-HKSCS,
    /// Shift_JIS as Windows-31J (CP932), EUC-KR as Unified Hangul (CP949).
    private static let iconvByLabel: [String: String] = {
        var map: [String: String] = [:]
        func add(_ name: String, _ labels: [String]) { for label in labels { map[label] = name } }
        add("GB18030", ["gb18030", "gb2312", "gbk", "cp936", "ms936", "windows936", "xgbk", "chinese", "csgb2312",
                        "csiso58gb231280", "gb231280", "isoir58", "euccn", "xeuccn"])
        add("BIG5-HKSCS", ["big5", "big5hkscs", "cnbig5", "csbig5", "xxbig5", "cp950", "big5tw"])
        add("CP932", ["shiftjis", "sjis", "mskanji", "csshiftjis", "windows31j", "cswindows31j", "xsjis", "cp932",
                      "ms932", "xmscp932"])
        add("EUC-JP", ["eucjp", "cseucpkdfmtjapanese", "xeucjp"])
        add("ISO-2022-JP-2", ["iso2022jp", "csiso2022jp", "iso2022jp2", "csiso2022jp2"])
        add("CP949", ["euckr", "cseuckr", "ksc56011987", "isoir149", "korean", "ksc5601", "ksc56011989",
                      "csksc56011987", "windows949", "cp949", "uhc", "xwindows949"])
        add("ISO-2022-KR", ["iso2022kr", "csiso2022kr"])
        add("EUC-TW", ["euctw", "cseuctw"])
        add("UTF-7", ["utf7", "unicode11utf7", "csunicode11utf7"])
        add("UTF-32LE", ["utf32le"])
        add("UTF-32BE", ["utf32be"])
        add("UTF-32", ["utf32", "ucs4", "iso10646ucs4"])
        return map
    }()

    /// The charset a label names (MIME, HTML meta, XML declaration), or nil when neither the
    /// tables here nor glibc's iconv know it.
    static func named(_ label: some StringProtocol) -> Charset? {
        var key = ""
        var iconvName = ""
        for ch in label.unicodeScalars {
            if ch == ":" || ch == "*" { break }  // "ISO_8859-1:1987"; RFC 2231 language suffix
            if ch.isASCII, ch.properties.isAlphabetic || ("0"..."9").contains(ch) {
                key.unicodeScalars.append(ch)
            }
            if ch.isASCII, ch.properties.isAlphabetic || ("0"..."9").contains(ch) || "-_.".unicodeScalars.contains(ch) {
                iconvName.unicodeScalars.append(ch)
            }
            if key.utf8.count > 40 || iconvName.utf8.count > 40 { return nil }
        }
        key = key.lowercased()
        if let known = byLabel[key] { return known }
        if let name = iconvByLabel[key] { return Charset(name: name.lowercased(), kind: .iconv, upperHalf: []) }
        // Any other name iconv knows (IBM037, VISCII, KOI8-T, …), but never one that would
        // make iconv load a module from a path: the label is letters, digits and -_. only.
        guard !iconvName.isEmpty, iconvName.first?.isLetter == true || iconvName.first?.isNumber == true,
              IconvDecoding.isAvailable(iconvName.uppercased()) else { return nil }
        return Charset(name: iconvName.lowercased(), kind: .iconv, upperHalf: [])
    }

    /// Decodes `bytes` into UTF-8 appended to `out`.
    func decode(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        switch kind {
        case .utf8: UTF8Lenient.append(bytes, into: &out)
        case .utf16LE: UTF16Decoding.append(bytes, bigEndian: false, into: &out)
        case .utf16BE: UTF16Decoding.append(bytes, bigEndian: true, into: &out)
        case .utf16:
            let (bigEndian, start) = UTF16Decoding.order(of: bytes)
            UTF16Decoding.append(bytes[start...], bigEndian: bigEndian, into: &out)
        case .singleByte:
            out.reserveCapacity(out.count + bytes.count)
            for b in bytes {
                if b < 0x80 { out.append(b) } else { UTF8Lenient.appendScalar(UInt32(upperHalf[Int(b) - 0x80]), to: &out) }
            }
        case .iconv: IconvDecoding.append(bytes, from: name.uppercased(), into: &out)
        }
    }

    func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        decode(bytes, into: &out)
        return out
    }

    func decodeString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: decode(bytes), as: UTF8.self)
    }
}

/// UTF-8 read leniently: well-formed sequences as UTF-8, any other byte as Windows-1252.
enum UTF8Lenient {
    static func append(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b0 = bytes[i]
            if b0 < 0x80 {
                out.append(b0)
                i += 1
                continue
            }
            let n = sequenceLength(bytes, at: i)
            if n > 0 {
                out.append(contentsOf: bytes[i..<(i + n)])
                i += n
            } else {
                appendScalar(UInt32(Charset.windows1252.upperHalf[Int(b0) - 0x80]), to: &out)
                i += 1
            }
        }
    }

    /// Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0.
    static func sequenceLength(_ b: ArraySlice<UInt8>, at i: Int) -> Int {
        let end = b.endIndex
        let b0 = b[i]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < end && b[i + k] >= lo && b[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// Whether every byte is part of a well-formed UTF-8 sequence.
    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] < 0x80 { i += 1; continue }
            let n = sequenceLength(bytes, at: i)
            if n == 0 { return false }
            i += n
        }
        return true
    }

    static func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        if v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { v = 0xFFFD }
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

enum UTF16Decoding {
    /// The byte order of unmarked UTF-16 and where its text starts: a BOM decides, else the
    /// side the zero bytes of ASCII characters fall on, else big-endian (RFC 2781).
    static func order(of bytes: ArraySlice<UInt8>) -> (bigEndian: Bool, start: Int) {
        let s = bytes.startIndex
        if bytes.count >= 2 {
            if bytes[s] == 0xFF && bytes[s + 1] == 0xFE { return (false, s + 2) }
            if bytes[s] == 0xFE && bytes[s + 1] == 0xFF { return (true, s + 2) }
        }
        var zerosEven = 0, zerosOdd = 0
        for (k, b) in bytes.prefix(4096).enumerated() where b == 0 {
            if k % 2 == 0 { zerosEven += 1 } else { zerosOdd += 1 }
        }
        return (zerosOdd <= zerosEven, s)
    }

    /// Appends UTF-8; an unpaired surrogate becomes U+FFFD and an odd last byte is dropped.
    static func append(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        func unit(_ k: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[k]) << 8 | UInt32(bytes[k + 1]) : UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k])
        }
        while i + 1 < end {
            let u = unit(i)
            i += 2
            if (0xD800...0xDBFF).contains(u) {
                if i + 1 < end {
                    let low = unit(i)
                    if (0xDC00...0xDFFF).contains(low) {
                        i += 2
                        UTF8Lenient.appendScalar(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: &out)
                        continue
                    }
                }
                UTF8Lenient.appendScalar(0xFFFD, to: &out)
            } else {
                UTF8Lenient.appendScalar(u, to: &out)  // a lone low surrogate becomes U+FFFD there
            }
        }
    }
}
