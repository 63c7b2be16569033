/// Byte-level helpers shared by the text extractors: BOMs, binary sniffing, and the clean-up
/// every extracted text goes through.
enum TextNormalisation {
    /// The charset a byte-order mark announces, and where the text after it starts.
    static func bom(_ bytes: ArraySlice<UInt8>) -> (charset: Charset, start: Int)? {
        let s = bytes.startIndex
        if bytes.count >= 3 && bytes[s] == 0xEF && bytes[s + 1] == 0xBB && bytes[s + 2] == 0xBF {
            return (.utf8, s + 3)
        }
        if bytes.count >= 2 && bytes[s] == 0xFF && bytes[s + 1] == 0xFE { return (.utf16LE, s + 2) }
        if bytes.count >= 2 && bytes[s] == 0xFE && bytes[s + 1] == 0xFF { return (.utf16BE, s + 2) }
        return nil
    }

    /// The bytes looked at when guessing: the start, plus a piece of the middle of big files.
    private static func sample(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var pieces = [bytes.prefix(8192)]
        if bytes.count > 65536 {
            let mid = bytes.startIndex + bytes.count / 2
            pieces.append(bytes[mid..<(mid + 4096)])
        }
        return pieces
    }

    /// Unmarked UTF-16 (no BOM): most ASCII text in UTF-16 has a zero byte in every other
    /// position, and almost none on the other side.
    static func guessUTF16(_ bytes: ArraySlice<UInt8>) -> Charset? {
        let head = bytes.prefix(8192)
        guard head.count >= 16 else { return nil }
        var zerosEven = 0, zerosOdd = 0
        for (k, b) in head.enumerated() where b == 0 {
            if k % 2 == 0 { zerosEven += 1 } else { zerosOdd += 1 }
        }
        let pairs = head.count / 2
        if zerosOdd * 10 >= pairs * 3 && zerosEven * 50 <= pairs { return .utf16LE }
        if zerosEven * 10 >= pairs * 3 && zerosOdd * 50 <= pairs { return .utf16BE }
        return nil
    }

    /// Whether the bytes look like binary data rather than text: NULs, or more than a few
    /// percent of control characters (random or compressed bytes have about 11%).
    static func looksBinary(_ bytes: ArraySlice<UInt8>) -> Bool {
        var total = 0, nuls = 0, controls = 0
        for piece in sample(bytes) {
            total += piece.count
            for b in piece {
                if b == 0 { nuls += 1 } else if (b < 0x20 && !isTextControl(b)) || b == 0x7F { controls += 1 }
            }
        }
        guard total > 0 else { return false }
        return nuls * 100 > total || (nuls + controls) * 100 > total * 5
    }

    /// Controls that ordinary text files contain: tab, newlines, form feed, escape, DOS EOF.
    private static func isTextControl(_ b: UInt8) -> Bool {
        b == 0x09 || b == 0x0A || b == 0x0B || b == 0x0C || b == 0x0D || b == 0x1B || b == 0x1A
    }

    /// CRLF and CR become LF, form feed and vertical tab become LF (they separate pages and
    /// lines, so dropping them would join words), NUL and other C0/C1 controls except tab go.
    /// Input and output are UTF-8.
    static func clean(_ u: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        let n = u.count
        while i < n {
            let b = u[i]
            switch b {
            case 0x0D:
                out.append(0x0A)
                if i + 1 < n && u[i + 1] == 0x0A { i += 1 }
            case 0x0A, 0x09:
                out.append(b)
            case 0x0B, 0x0C:
                out.append(0x0A)
            case 0x00..<0x20, 0x7F:
                break
            case 0xC2 where i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F:
                i += 1  // a C1 control (U+0080...U+009F), two bytes in UTF-8
            default:
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// Decodes text bytes: a BOM first, then the charset given (a MIME or HTML label), then
    /// a non-Latin charset `CharsetDetection` recognises, else lenient UTF-8 (which reads
    /// non-UTF-8 bytes as Windows-1252); returns clean UTF-8.
    /// `maxOutput`: when the caller keeps no more than this, only a prefix of a long input is
    /// decoded (at most 4 input bytes per output byte, plus slack), so a huge file costs no
    /// more memory than the text limit needs.
    static func decodeText(_ bytes: ArraySlice<UInt8>, charset: Charset?, maxOutput: Int? = nil) -> [UInt8] {
        var body = bytes
        var cs = charset ?? .utf8
        if let (bomCharset, start) = bom(bytes) {
            cs = bomCharset
            body = bytes[start...]
        } else if charset == nil, let detected = CharsetDetection.detect(bytes) {
            cs = detected
        }
        if let maxOutput, maxOutput < Int.max / 8, body.count > maxOutput * 4 + 64 {
            var cut = body.startIndex + maxOutput * 4 + 64
            if cs.kind == .utf8 {
                // Do not split a UTF-8 sequence: it would decode as Windows-1252 at the cut.
                while cut > body.startIndex && body[cut] & 0xC0 == 0x80 { cut -= 1 }
            }
            let head = clean(cs.decode(body[..<cut]))
            if head.count >= maxOutput { return head }
        }
        return clean(cs.decode(body))
    }

    /// Collapses runs of white space to one space and trims: for titles and header values.
    static func collapseWhitespace(_ s: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for ch in s.unicodeScalars {
            if ch.properties.isWhitespace || ch.value < 0x20 || (0x7F...0x9F).contains(ch.value) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            }
        }
        return String(out)
    }

    /// The longest prefix of `s` of at most `maxBytes` UTF-8 bytes, cut on a character boundary.
    static func prefix(_ s: String, maxBytes: Int) -> String {
        if s.utf8.count <= maxBytes { return s }
        var out = ""
        var used = 0
        for ch in s {
            let n = ch.utf8.count
            if used + n > maxBytes { break }
            out.append(ch)
            used += n
        }
        return out
    }

    /// The lower-cased words (runs of letters and digits) of UTF-8 text, to compare texts.
    static func words(_ u: ArraySlice<UInt8>) -> Set<String> {
        var words: Set<String> = []
        var current = String.UnicodeScalarView()
        for scalar in String(decoding: u, as: UTF8.self).unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                words.insert(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.insert(String(current).lowercased()) }
        return words
    }
}
