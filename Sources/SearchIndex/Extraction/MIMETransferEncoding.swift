/// Content-Transfer-Encoding decoders (RFC 2045 §6), lenient as mail readers are, and bounded:
/// each stops after `maxOutput` bytes and says so.
enum MIMETransferEncoding {
    struct Decoded {
        var bytes: [UInt8]
        /// The output limit was reached before the end of the input.
        var truncated: Bool
    }

    /// Quoted-printable: `=XX` is a byte (either case of hex), `=` at the end of a line is a
    /// soft line break, an `=` that is neither stays as written, and white space at the end
    /// of a line (added in transport) is dropped.
    static func decodeQuotedPrintable(_ b: ArraySlice<UInt8>, maxOutput: Int) -> Decoded {
        var out: [UInt8] = []
        out.reserveCapacity(min(b.count, maxOutput))
        var i = b.startIndex
        let end = b.endIndex
        var lineStart = 0  // where the current output line started, for trimming
        while i < end {
            if out.count >= maxOutput { return Decoded(bytes: out, truncated: true) }
            let c = b[i]
            if c == UInt8(ascii: "=") {
                if i + 2 < end, let hi = hexValue(b[i + 1]), let lo = hexValue(b[i + 2]) {
                    out.append(hi << 4 | lo)
                    i += 3
                    continue
                }
                // A soft line break: "=" then optional white space then the line end.
                var k = i + 1
                while k < end && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
                if k == end {
                    i = end
                    continue
                }
                if b[k] == 0x0A || b[k] == 0x0D {
                    i = k + ((b[k] == 0x0D && k + 1 < end && b[k + 1] == 0x0A) ? 2 : 1)
                    continue
                }
                out.append(c)
                i += 1
                continue
            }
            if c == 0x0A || c == 0x0D {
                while out.count > lineStart, let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
                if c == 0x0D && i + 1 < end && b[i + 1] == 0x0A {
                    out.append(0x0D)
                    i += 1
                }
                out.append(0x0A)
                i += 1
                lineStart = out.count
                continue
            }
            out.append(c)
            i += 1
        }
        return Decoded(bytes: out, truncated: false)
    }

    private static let base64Values: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (k, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = Int8(k) }
        // The URL-safe alphabet too (some mailers and RFC 2047 words in the wild use it).
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Base64: characters outside the alphabet are skipped, "=" ends a group (so
    /// concatenated encodings decode too), a final partial group yields what it holds.
    static func decodeBase64(_ b: ArraySlice<UInt8>, maxOutput: Int) -> Decoded {
        var out: [UInt8] = []
        out.reserveCapacity(min(b.count / 4 * 3 + 3, maxOutput))
        var acc: UInt32 = 0
        var bits = 0
        for c in b {
            if c == UInt8(ascii: "=") {
                acc = 0
                bits = 0
                continue
            }
            let v = base64Values[Int(c)]
            if v < 0 { continue }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                if out.count >= maxOutput { return Decoded(bytes: out, truncated: true) }
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        return Decoded(bytes: out, truncated: false)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
