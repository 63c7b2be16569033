/// Character data and attribute values: the five predefined entities, character references,
/// and line-end normalisation (XML 1.0 §2.11). Nothing else is expanded; an unknown or
/// malformed reference stays as the literal text it was.
enum XMLText {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard slice.contains(where: { $0 == UInt8(ascii: "&") || $0 == 0x0D }) else {
            return String(decoding: slice, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var index = 0
        while index < slice.count {
            let byte = slice[index]
            if byte == 0x0D {
                output.append(0x0A)
                index += (index + 1 < slice.count && slice[index + 1] == 0x0A) ? 2 : 1
                continue
            }
            if byte == UInt8(ascii: "&"), let (scalar, length) = reference(slice, at: index) {
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                index += length
                continue
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The reference starting at `start` (an `&`) and its length in bytes including the `;`.
    private static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        // Longest legitimate reference: "&#x10FFFF;" (10 bytes); "&quot;" and "&apos;" are 6.
        var end = start + 1
        while end < bytes.count, end - start <= 10, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > start + 1 else { return nil }
        let body = Array(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end]))
        let length = end - start + 1
        switch body {
        case Array("lt".utf8): return ("<", length)
        case Array("gt".utf8): return (">", length)
        case Array("amp".utf8): return ("&", length)
        case Array("quot".utf8): return ("\"", length)
        case Array("apos".utf8): return ("'", length)
        default: break
        }
        guard body.first == UInt8(ascii: "#"), body.count >= 2 else { return nil }
        let isHex = body[1] == UInt8(ascii: "x")
        let digits = body.dropFirst(isHex ? 2 : 1)
        guard !digits.isEmpty, digits.count <= 8,
              let value = UInt32(String(decoding: digits, as: UTF8.self), radix: isHex ? 16 : 10)
        else { return nil }
        // Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
        let allowed = value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF)
        guard allowed, let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", length) }
        return (scalar, length)
    }
}

/// Office XML parts are UTF-8 almost always, but XML allows UTF-16 (with or without a BOM)
/// and a declared single-byte encoding; everything is turned into UTF-8 before parsing.
enum XMLEncoding {
    static func utf8(_ input: [UInt8]) -> [UInt8] {
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(input.dropFirst(3)) }
        if input.starts(with: [0xFE, 0xFF]) { return utf16(input.dropFirst(2), bigEndian: true) }
        if input.starts(with: [0xFF, 0xFE]) { return utf16(input.dropFirst(2), bigEndian: false) }
        if input.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return utf16(input[...], bigEndian: true) }
        if input.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return utf16(input[...], bigEndian: false) }
        if isLatin1(declaredEncoding(input)) {
            var scalars = String.UnicodeScalarView()
            for byte in input { scalars.append(Unicode.Scalar(byte)) }
            return Array(String(scalars).utf8)
        }
        return input
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// The `encoding` pseudo-attribute of an XML declaration, lowercased.
    private static func declaredEncoding(_ input: [UInt8]) -> String? {
        guard input.starts(with: Array("<?xml".utf8)) else { return nil }
        let head = input.prefix(256)
        guard let close = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: head[..<close], as: UTF8.self).lowercased()
        guard let range = declaration.firstRange(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    private static func isLatin1(_ encoding: String?) -> Bool {
        guard let encoding else { return false }
        return ["iso-8859-1", "latin1", "latin-1", "iso_8859-1", "windows-1252", "cp1252"].contains(encoding)
    }
}
