/// Reads a `Decodable` value out of a `JSONValue`: the typed view of a ledger part that
/// readers today take apart by key.
///
/// Tolerant as those readers are: members the type does not name are ignored (later versions
/// add members, FORMAT §7.4), and an optional member that is absent or null decodes as nil.
/// Anything else that does not fit (a missing required member, a string where a number
/// belongs, an integer too large for its type) is a thrown `DecodingError` naming the
/// member's path, never a crash: the input comes from files anyone may have edited.
public struct JSONValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoding.unbox(value, as: type, codingPath: [])
    }

    public func decode<T: Decodable>(_ type: T.Type, from members: [String: JSONValue]) throws -> T {
        try decode(type, from: .object(members))
    }
}

enum JSONValueDecoding {
    static func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        // A free-form member (an amendment's `changes`) is taken as it stands.
        if T.self == JSONValue.self, let same = value as? T { return same }
        return try T(from: DecoderState(value: value, codingPath: codingPath))
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    static func mismatch(_ expected: Any.Type, _ what: String, found value: JSONValue,
                         codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.typeMismatch(expected, DecodingError.Context(
            codingPath: codingPath,
            debugDescription: "Expected \(what) at \(JSONValueEncoding.pathText(codingPath)), found \(describe(value))."))
    }

    static func string(_ value: JSONValue, codingPath: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, "a string", found: value, codingPath: codingPath) }
        return text
    }

    static func bool(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, "a boolean", found: value, codingPath: codingPath) }
        return flag
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        guard case .int(let number) = value else { throw mismatch(T.self, "an integer", found: value, codingPath: codingPath) }
        guard let exact = T(exactly: number) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "\(number) at \(JSONValueEncoding.pathText(codingPath)) does not fit in \(T.self)."))
        }
        return exact
    }

    static func floatingPoint(_ type: Any.Type, codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.typeMismatch(type, DecodingError.Context(
            codingPath: codingPath,
            debugDescription: "\(JSONValueEncoding.pathText(codingPath)): stored JSON holds integers only, never \(type)."))
    }

    final class DecoderState: Decoder {
        let value: JSONValue
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(value: JSONValue, codingPath: [any CodingKey]) {
            self.value = value
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = value else {
                throw mismatch([String: JSONValue].self, "an object", found: value, codingPath: codingPath)
            }
            return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let elements) = value else {
                throw mismatch([JSONValue].self, "an array", found: value, codingPath: codingPath)
            }
            return UnkeyedContainer(elements: elements, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            SingleValueContainer(value: value, codingPath: codingPath)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: JSONValue]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        private func member(_ key: Key) throws -> JSONValue {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "No member \(key.stringValue) at \(JSONValueEncoding.pathText(codingPath))."))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try bool(member(key), codingPath: codingPath + [key]) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try string(member(key), codingPath: codingPath + [key]) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw floatingPoint(type, codingPath: codingPath + [key]) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw floatingPoint(type, codingPath: codingPath + [key]) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(member(key), as: type, codingPath: codingPath + [key]) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try unbox(member(key), as: type, codingPath: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                                   forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try DecoderState(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try DecoderState(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            DecoderState(value: members[JSONValueEncoding.SuperKey.super.stringValue] ?? .null,
                         codingPath: codingPath + [JSONValueEncoding.SuperKey.super])
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            DecoderState(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let elements: [JSONValue]
        let codingPath: [any CodingKey]
        private(set) var currentIndex = 0

        init(elements: [JSONValue], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        private var path: [any CodingKey] { codingPath + [JSONValueEncoding.SuperKey(index: currentIndex)] }

        /// The next element, consumed only once it has decoded.
        private mutating func next<T>(_ read: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(T.self, DecodingError.Context(
                    codingPath: path,
                    debugDescription: "The array at \(JSONValueEncoding.pathText(codingPath)) has only \(elements.count) elements."))
            }
            let result = try read(elements[currentIndex], path)
            currentIndex += 1
            return result
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, elements[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try bool($0, codingPath: $1) } }
        mutating func decode(_ type: String.Type) throws -> String { try next { try string($0, codingPath: $1) } }
        mutating func decode(_ type: Double.Type) throws -> Double { throw floatingPoint(type, codingPath: path) }
        mutating func decode(_ type: Float.Type) throws -> Float { throw floatingPoint(type, codingPath: path) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try integer($0, as: type, codingPath: $1) } }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try next { try unbox($0, as: type, codingPath: $1) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next { try DecoderState(value: $0, codingPath: $1).container(keyedBy: type) }
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next { try DecoderState(value: $0, codingPath: $1).unkeyedContainer() }
        }

        mutating func superDecoder() throws -> any Decoder {
            try next { DecoderState(value: $0, codingPath: $1) }
        }
    }

    struct SingleValueContainer: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try bool(value, codingPath: codingPath) }
        func decode(_ type: String.Type) throws -> String { try string(value, codingPath: codingPath) }
        func decode(_ type: Double.Type) throws -> Double { throw floatingPoint(type, codingPath: codingPath) }
        func decode(_ type: Float.Type) throws -> Float { throw floatingPoint(type, codingPath: codingPath) }
        func decode(_ type: Int.Type) throws -> Int { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(value, as: type, codingPath: codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(value, as: type, codingPath: codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(value, as: type, codingPath: codingPath) }
    }
}
