/// A header block (RFC 5322 §2.2, 3.2.2): fields in order, names lower-cased, values unfolded
/// (the line breaks of continuation lines removed, their white space kept) but not decoded.
struct MIMEHeaders {
    struct Field {
        let name: String
        var value: [UInt8]
    }

    private(set) var fields: [Field] = []
    /// The mbox envelope line ("From sender date") a message saved from an mbox starts with.
    private(set) var envelope: [UInt8]?

    func first(_ name: String) -> [UInt8]? {
        fields.first { $0.name == name }?.value
    }

    func all(_ name: String) -> [[UInt8]] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Splits an entity into its header fields and its body. The header block ends at the
    /// first empty line; a line that is neither a field nor a continuation also starts the
    /// body (as Python's email parser does with such defects). `message`: a whole message,
    /// which may start with an mbox envelope line (a MIME part's body never does).
    static func parse(_ bytes: ArraySlice<UInt8>, message: Bool) -> (headers: MIMEHeaders, body: ArraySlice<UInt8>) {
        var headers = MIMEHeaders()
        var i = bytes.startIndex
        let end = bytes.endIndex
        if message && startsWithFromLine(bytes) {
            let lineEnd = bytes[i...].firstIndex(of: 0x0A) ?? end
            headers.envelope = Array(trimLine(bytes[(i + 5)..<lineEnd]))
            i = min(lineEnd + 1, end)
        }
        while i < end {
            let newline = bytes[i...].firstIndex(of: 0x0A)
            let next = newline.map { $0 + 1 } ?? end
            let line = trimLine(bytes[i..<(newline ?? end)])
            if line.isEmpty {
                return (headers, bytes[next...])
            }
            let first = line[line.startIndex]
            if first == 0x20 || first == 0x09 {
                // A continuation line: unfold it into the field it continues.
                if !headers.fields.isEmpty { headers.fields[headers.fields.count - 1].value.append(contentsOf: line) }
                i = next
                continue
            }
            guard let (name, value) = field(line) else {
                return (headers, bytes[i...])
            }
            headers.fields.append(Field(name: name, value: Array(value)))
            i = next
        }
        return (headers, bytes[end...])
    }

    /// `name: value`, with printable ASCII names (obsolete syntax allows space before the colon).
    private static func field(_ line: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
        var nameBytes = line[..<colon]
        while let last = nameBytes.last, last == 0x20 || last == 0x09 { nameBytes = nameBytes.dropLast() }
        guard !nameBytes.isEmpty, nameBytes.count <= 200, nameBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return (String(decoding: nameBytes, as: UTF8.self).lowercased(), line[(colon + 1)...])
    }

    static func startsWithFromLine(_ b: ArraySlice<UInt8>) -> Bool {
        b.starts(with: Array("From ".utf8))
    }

    /// A line without its CR.
    private static func trimLine(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == 0x0D ? line.dropLast() : line
    }
}

/// A structured header value: `type/subtype; name=value; name*=charset'lang'%XX; name*0=…`
/// (RFC 2045 §5.1, RFC 2231), as in Content-Type and Content-Disposition.
struct MIMEParameterizedValue {
    /// The value before the parameters, lower-cased ("text/plain", "attachment").
    let value: String
    /// Parameter values by lower-cased name, decoded (RFC 2231 and, leniently, RFC 2047).
    let parameters: [String: String]

    subscript(_ name: String) -> String? { parameters[name] }

    init(_ raw: [UInt8]) {
        var p = 0
        let n = raw.count
        func skipSpace() { while p < n && (raw[p] == 0x20 || raw[p] == 0x09 || raw[p] == 0x0D || raw[p] == 0x0A) { p += 1 } }
        skipSpace()
        let start = p
        while p < n && raw[p] != UInt8(ascii: ";") { p += 1 }
        value = Self.dropComment(String(decoding: raw[start..<p], as: UTF8.self)).lowercased()

        var plain: [String: [UInt8]] = [:]
        var sections: [String: [(index: Int, encoded: Bool, bytes: [UInt8])]] = [:]
        var count = 0
        while p < n && count < 256 {
            count += 1
            p += 1  // the ";"
            skipSpace()
            let nameStart = p
            while p < n && raw[p] != UInt8(ascii: "=") && raw[p] != UInt8(ascii: ";") { p += 1 }
            var nameEnd = p
            while nameEnd > nameStart && (raw[nameEnd - 1] == 0x20 || raw[nameEnd - 1] == 0x09) { nameEnd -= 1 }
            let name = String(decoding: raw[nameStart..<nameEnd], as: UTF8.self).lowercased()
            guard p < n, raw[p] == UInt8(ascii: "=") else { continue }
            p += 1
            skipSpace()
            var valueBytes: [UInt8] = []
            if p < n && raw[p] == UInt8(ascii: "\"") {
                p += 1
                while p < n && raw[p] != UInt8(ascii: "\"") {
                    if raw[p] == UInt8(ascii: "\\") && p + 1 < n { p += 1 }
                    valueBytes.append(raw[p])
                    p += 1
                }
                if p < n { p += 1 }
                while p < n && raw[p] != UInt8(ascii: ";") { p += 1 }
            } else {
                let vs = p
                while p < n && raw[p] != UInt8(ascii: ";") { p += 1 }
                var ve = p
                while ve > vs && (raw[ve - 1] == 0x20 || raw[ve - 1] == 0x09) { ve -= 1 }
                valueBytes = Array(raw[vs..<ve])
            }
            guard !name.isEmpty else { continue }
            // RFC 2231: name*, name*0, name*0*, name*1, …
            let parts = name.split(separator: "*", omittingEmptySubsequences: false)
            if parts.count >= 2, let index = Int(parts[1]), index >= 0, index < 1000 {
                sections[String(parts[0]), default: []].append((index, parts.count == 3, valueBytes))
            } else if parts.count == 2 && parts[1].isEmpty {
                sections[String(parts[0]), default: []].append((0, true, valueBytes))
            } else if plain[name] == nil {
                plain[name] = valueBytes
            }
        }

        var decoded: [String: String] = [:]
        for (name, bytes) in plain {
            decoded[name] = MIMEEncodedWords.decode(bytes)
        }
        for (name, parts) in sections {
            decoded[name] = Self.joinSections(parts.sorted { $0.index < $1.index })
        }
        parameters = decoded
    }

    /// Joins RFC 2231 sections: encoded ones are percent-decoded, the first of them starting
    /// with `charset'language'`; the bytes are then decoded with that charset.
    private static func joinSections(_ parts: [(index: Int, encoded: Bool, bytes: [UInt8])]) -> String {
        var charset: Charset?
        var out: [UInt8] = []
        for (k, part) in parts.enumerated() {
            guard part.encoded else {
                out += part.bytes
                continue
            }
            var bytes = part.bytes[...]
            if k == 0 {
                let quotes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "'") }
                if quotes.count >= 2 {
                    charset = Charset.named(String(decoding: bytes[..<quotes[0]], as: UTF8.self))
                    bytes = bytes[(quotes[1] + 1)...]
                }
            }
            out += percentDecode(bytes)
        }
        return (charset ?? .utf8).decodeString(out[...])
    }

    private static func percentDecode(_ b: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = b.startIndex
        while i < b.endIndex {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.endIndex, let hi = MIMETransferEncoding.hexValue(b[i + 1]),
               let lo = MIMETransferEncoding.hexValue(b[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    /// "text/plain (comment)" → "text/plain".
    private static func dropComment(_ s: String) -> String {
        let cut = s.firstIndex(of: "(").map { s[..<$0] } ?? s[...]
        return TextNormalisation.collapseWhitespace(cut)
    }
}
