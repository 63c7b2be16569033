/// Byte-level scanning helpers for `XMLParserState`. Every loop advances, and every index
/// is compared with the buffer's end before it is read.
enum XMLScan {
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    static func matches(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start >= 0, pattern.count <= bytes.count - start else { return false }
        for (offset, byte) in pattern.enumerated() where bytes[start + offset] != byte { return false }
        return true
    }

    /// The position just past the next occurrence of `pattern`.
    static func skip(past pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(XMLParseError) -> Int {
        guard let first = pattern.first else { return start }
        var index = start
        while let candidate = find(first, in: bytes, from: index) {
            if matches(pattern, in: bytes, at: candidate) { return candidate + pattern.count }
            index = candidate + 1
        }
        throw .truncated
    }

    /// Past a DOCTYPE declaration, internal subset included, honouring quotes so that a `>`
    /// or `]` inside a quoted literal does not end it.
    static func skipDoctype(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(XMLParseError) -> Int {
        var index = start
        var quote: UInt8?
        var bracketDepth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                bracketDepth += 1
            } else if byte == UInt8(ascii: "]") {
                bracketDepth = max(0, bracketDepth - 1)
            } else if byte == UInt8(ascii: ">") && bracketDepth == 0 {
                return index + 1
            }
            index += 1
        }
        throw .truncated
    }

    static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) {
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
    }

    /// A tag or attribute name: everything up to whitespace, `/`, `>` or `=`.
    static func name(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(XMLParseError) -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if isWhitespace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=") {
                break
            }
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                throw .malformed("unexpected character in a name at byte \(position)")
            }
            position += 1
        }
        guard position < bytes.count else { throw .truncated }
        guard position > start else { throw .malformed("a name is missing at byte \(start)") }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }
}
