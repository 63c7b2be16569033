/// Header values: raw 8-bit bytes (RFC 6532, or just sloppy mailers) read leniently, and RFC
/// 2047 encoded words `=?charset?Q|B?text?=` decoded with their charset.
enum MIMEEncodedWords {
    private enum Segment {
        case literal(Range<Int>)
        case encoded(label: String, bytes: [UInt8])

        var isEncoded: Bool {
            if case .encoded = self { return true }
            return false
        }
    }

    static func decode(_ raw: [UInt8]) -> String {
        var unknown: [String] = []
        return decode(raw, unknownCharsets: &unknown)
    }

    /// Decodes a header value and collapses its white space. White space between adjacent
    /// encoded words goes (RFC 2047 §6.2); adjacent words in the same charset are joined
    /// before decoding, so a character split across two words survives. Charsets that are not
    /// known are read as UTF-8 and reported in `unknownCharsets`.
    static func decode(_ raw: [UInt8], unknownCharsets: inout [String]) -> String {
        let n = raw.count
        var segments: [Segment] = []
        var i = 0
        var literalStart = 0
        while i + 1 < n {
            if raw[i] == UInt8(ascii: "="), raw[i + 1] == UInt8(ascii: "?"), let (label, bytes, end) = word(raw, at: i) {
                if literalStart < i { segments.append(.literal(literalStart..<i)) }
                segments.append(.encoded(label: label, bytes: bytes))
                i = end
                literalStart = end
                continue
            }
            i += 1
        }
        if literalStart < n { segments.append(.literal(literalStart..<n)) }

        var out: [UInt8] = []
        var pending: (label: String, bytes: [UInt8])?
        func flush() {
            guard let p = pending else { return }
            let charset = Charset.named(p.label) ?? {
                if unknownCharsets.count < 8 && !unknownCharsets.contains(p.label) { unknownCharsets.append(p.label) }
                return .utf8
            }()
            charset.decode(p.bytes[...], into: &out)
            pending = nil
        }
        for (k, segment) in segments.enumerated() {
            switch segment {
            case .literal(let r):
                let between = k > 0 && k + 1 < segments.count && segments[k - 1].isEncoded && segments[k + 1].isEncoded
                if between && raw[r].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }) { continue }
                flush()
                UTF8Lenient.append(raw[r], into: &out)
            case .encoded(let label, let bytes):
                if pending?.label == label {
                    pending?.bytes.append(contentsOf: bytes)
                } else {
                    flush()
                    pending = (label, bytes)
                }
            }
        }
        flush()
        return TextNormalisation.collapseWhitespace(String(decoding: out, as: UTF8.self))
    }

    /// The encoded word starting at `raw[i]` ("=?"): its charset label, decoded bytes, and the
    /// index after its "?=". Scans stop at the first "?", so trying every "=?" stays linear.
    private static func word(_ raw: [UInt8], at i: Int) -> (String, [UInt8], Int)? {
        let n = raw.count
        var p = i + 2
        let labelStart = p
        while p < n && raw[p] != UInt8(ascii: "?") {
            if raw[p] <= 0x20 || raw[p] == UInt8(ascii: "=") || p - labelStart > 75 { return nil }
            p += 1
        }
        guard p < n, p > labelStart, p + 2 < n, raw[p + 2] == UInt8(ascii: "?") else { return nil }
        var label = String(decoding: raw[labelStart..<p], as: UTF8.self).lowercased()
        if let star = label.firstIndex(of: "*") { label = String(label[..<star]) }  // RFC 2231 language
        let encoding = raw[p + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = p + 3
        var q = textStart
        // Spaces inside the text are not allowed but occur; Python accepts them too.
        while q < n && raw[q] != UInt8(ascii: "?") {
            if raw[q] == 0x0D || raw[q] == 0x0A { return nil }
            q += 1
        }
        guard q + 1 < n, raw[q + 1] == UInt8(ascii: "=") else { return nil }
        let text = raw[textStart..<q]
        let bytes = encoding == UInt8(ascii: "b")
            ? MIMETransferEncoding.decodeBase64(text, maxOutput: text.count).bytes
            : decodeQ(text)
        return (label, bytes, q + 2)
    }

    /// The "Q" encoding: "_" is a space, "=XX" a byte.
    private static func decodeQ(_ t: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = t.startIndex
        while i < t.endIndex {
            let c = t[i]
            if c == UInt8(ascii: "_") {
                out.append(0x20)
            } else if c == UInt8(ascii: "="), i + 2 < t.endIndex,
                      let hi = MIMETransferEncoding.hexValue(t[i + 1]), let lo = MIMETransferEncoding.hexValue(t[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
