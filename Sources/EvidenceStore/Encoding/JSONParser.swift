/// A strict, bounded JSON parser (RFC 8259) for the integer-only model of `JSONValue`.
///
/// Everything it reads may come from a tampered repository or a hostile upload, so it
/// refuses rather than guesses: duplicate member names, non-integer or out-of-range
/// numbers, unpaired surrogates, invalid UTF-8, trailing bytes and nesting deeper than
/// `maxDepth` are all errors that name the byte offset.
public struct JSONParser {
    public struct Limits: Sendable {
        public var maxBytes: Int
        public var maxDepth: Int
        public init(maxBytes: Int = 1 << 20, maxDepth: Int = 32) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
        }
    }

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let offset: Int
        public let reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw Failure(offset: 0, reason: "document of \(bytes.count) bytes exceeds the limit of \(limits.maxBytes)")
        }
        var parser = JSONParser(bytes: bytes, limits: limits)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure("unexpected bytes after the document") }
        return value
    }

    /// Parses and insists that the bytes are already in RFC 8785 canonical form.
    public static func parseCanonical(_ bytes: [UInt8], limits: Limits = Limits()) throws -> JSONValue {
        let value = try parse(bytes, limits: limits)
        guard CanonicalJSON.encode(value) == bytes else {
            throw Failure(offset: 0, reason: "not in canonical form (RFC 8785)")
        }
        return value
    }

    private let bytes: [UInt8]
    private let limits: Limits
    private var position = 0

    private init(bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    private func failure(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard position < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // `depth` counts the containers around this value; this one would be number depth + 1.
            guard depth < limits.maxDepth else { throw failure("nesting deeper than \(limits.maxDepth)") }
            return bytes[position] == UInt8(ascii: "{") ? try parseObject(depth: depth) : try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try parseInteger())
        default: throw failure("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws {
        let expected = Array(literal.utf8)
        guard position + expected.count <= bytes.count,
              Array(bytes[position..<position + expected.count]) == expected
        else { throw failure("expected \(literal)") }
        position += expected.count
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let nameOffset = position
            let name = try parseString()
            guard members[name] == nil else {
                throw Failure(offset: nameOffset, reason: "duplicate member name \"\(name)\"")
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            skipWhitespace()
            members[name] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of input in an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw failure("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of input in an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw failure("expected ',' or ']'")
        }
    }

    private mutating func parseInteger() throws -> Int64 {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else {
            throw failure("expected a digit")
        }
        if bytes[position] == UInt8(ascii: "0"), position + 1 < bytes.count,
           (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position + 1]) {
            throw failure("leading zero in a number")
        }
        var magnitude: Int64 = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            magnitude = magnitude * 10 + Int64(bytes[position] - UInt8(ascii: "0"))
            guard magnitude <= JSONValue.maxSafeInteger else {
                throw Failure(offset: start, reason: "number beyond ±(2^53 − 1)")
            }
            position += 1
        }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw Failure(offset: start, reason: "only integers are allowed")
        }
        if negative && magnitude == 0 { throw Failure(offset: start, reason: "negative zero") }
        return negative ? -magnitude : magnitude
    }

    private mutating func parseString() throws -> String {
        position += 1
        var runStart = position
        // Most strings have no escape: they are validated and turned into a String in one step.
        // Otherwise the text is gathered as UTF-8, each raw run validated on its own.
        var gathered: [UInt8]?
        func flushRun(_ parser: JSONParser, upTo end: Int) throws {
            guard end > runStart else { return }
            let run = parser.bytes[runStart..<end]
            guard String(validating: run, as: UTF8.self) != nil else {
                throw Failure(offset: runStart, reason: "invalid UTF-8 in a string")
            }
            gathered?.append(contentsOf: run)
        }
        func appendScalar(_ scalar: Unicode.Scalar) {
            if let units = UTF8.encode(scalar) { gathered?.append(contentsOf: units) }
        }
        while true {
            guard position < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                guard gathered != nil else {
                    guard let whole = String(validating: bytes[runStart..<position], as: UTF8.self) else {
                        throw Failure(offset: runStart, reason: "invalid UTF-8 in a string")
                    }
                    position += 1
                    return whole
                }
                try flushRun(self, upTo: position)
                position += 1
                return String(decoding: gathered ?? [], as: UTF8.self)
            }
            if byte < 0x20 { throw failure("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            if gathered == nil { gathered = [] }
            try flushRun(self, upTo: position)
            position += 1
            guard position < bytes.count else { throw failure("unterminated escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): appendScalar("\"")
            case UInt8(ascii: "\\"): appendScalar("\\")
            case UInt8(ascii: "/"): appendScalar("/")
            case UInt8(ascii: "b"): appendScalar("\u{08}")
            case UInt8(ascii: "f"): appendScalar("\u{0C}")
            case UInt8(ascii: "n"): appendScalar("\n")
            case UInt8(ascii: "r"): appendScalar("\r")
            case UInt8(ascii: "t"): appendScalar("\t")
            case UInt8(ascii: "u"):
                let high = try parseHex4()
                if (0xD800...0xDBFF).contains(high) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u") else { throw failure("unpaired surrogate") }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate") }
                    let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    guard let scalar = Unicode.Scalar(value) else { throw failure("invalid code point") }
                    appendScalar(scalar)
                } else {
                    guard let scalar = Unicode.Scalar(high) else { throw failure("unpaired surrogate") }
                    appendScalar(scalar)
                }
            default: throw failure("unknown escape")
            }
            runStart = position
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("bad hex digit in \\u escape")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }
}
