/// Character references in HTML text and attribute values, decoded after charset conversion
/// (the references themselves are ASCII, so this works on UTF-8 bytes).
enum HTMLEntities {
    /// Decodes `&name;`, `&#NNN;` and `&#xHH;` (the `;` may be missing, as browsers allow).
    /// Unknown names and `&#0;` stay as written; code points that are not characters become
    /// U+FFFD, and `&#128;`...`&#159;` are read as Windows-1252, as browsers do.
    static func decode(_ u: [UInt8]) -> [UInt8] {
        guard u.contains(UInt8(ascii: "&")) else { return u }
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        let n = u.count
        var i = 0
        while i < n {
            let b = u[i]
            guard b == UInt8(ascii: "&"), let (value, end) = reference(u, at: i) else {
                out.append(b)
                i += 1
                continue
            }
            var v = value
            if (0x80...0x9F).contains(v) { v = UInt32(Charset.windows1252.upperHalf[Int(v) - 0x80]) }
            UTF8Lenient.appendScalar(v, to: &out)
            i = end
        }
        return out
    }

    /// The code point of the reference starting at `u[amp]` (an `&`) and the index after it.
    private static func reference(_ u: [UInt8], at amp: Int) -> (UInt32, Int)? {
        let n = u.count
        var p = amp + 1
        var value: UInt32 = 0
        if p < n && u[p] == UInt8(ascii: "#") {
            p += 1
            let hex = p < n && (u[p] == UInt8(ascii: "x") || u[p] == UInt8(ascii: "X"))
            if hex { p += 1 }
            let digitsStart = p
            var overflow = false
            while p < n, let d = digit(u[p], hex: hex) {
                if !overflow {
                    value = value * (hex ? 16 : 10) + d
                    if value > 0x10FFFF { overflow = true }
                }
                p += 1
            }
            if p == digitsStart || (value == 0 && !overflow) { return nil }
            if overflow { value = 0xFFFD }
        } else {
            let nameStart = p
            while p < n && p - nameStart <= 10 && isAlnum(u[p]) { p += 1 }
            guard p > nameStart, p - nameStart <= 10, p >= n || !isAlnum(u[p]) else { return nil }
            let name = String(decoding: u[nameStart..<p], as: UTF8.self)
            guard let cp = HTMLEntityTable.codepoints[name] else { return nil }
            value = cp
        }
        if p < n && u[p] == UInt8(ascii: ";") { p += 1 }
        return (value, p)
    }

    private static func digit(_ b: UInt8, hex: Bool) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
    }
}
