/// Turns an `Encodable` value into a `JSONValue`, so that typed ledger payloads produce the
/// very dictionaries (and so the very canonical bytes) that hand-built ones did.
///
/// The data model is that of `JSONValue`: integers within ±(2^53 − 1), no floating point.
/// Optionals written with `encodeIfPresent` (what synthesized conformances use) leave their
/// key absent; `encodeNil` and `encode` of a nil optional write `null`, for the few members
/// the format records as an explicit null.
public struct JSONValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoding.box(value, codingPath: []).materialized()
    }

    /// The members of a value that encodes as an object (a ledger part is always one).
    public func encodeObject<T: Encodable>(_ value: T) throws -> [String: JSONValue] {
        guard case .object(let members) = try encode(value) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "\(T.self) does not encode as a JSON object."))
        }
        return members
    }
}

/// The tree being built. Containers hold references into it, so that a value may ask its
/// encoder for the same keyed container twice (as a shared base and its extension do) and
/// both write into one object.
enum JSONValueEncoding {
    final class ObjectNode {
        var members: [String: Node] = [:]
    }

    final class ArrayNode {
        var elements: [Node] = []
    }

    enum Node {
        case value(JSONValue)
        case object(ObjectNode)
        case array(ArrayNode)
        /// A super-encoder's output, known only once its value has encoded itself.
        case deferred(EncoderState)

        func materialized() -> JSONValue {
            switch self {
            case .value(let value): return value
            case .object(let node): return .object(node.members.mapValues { $0.materialized() })
            case .array(let node): return .array(node.elements.map { $0.materialized() })
            case .deferred(let encoder): return (encoder.node ?? .object(ObjectNode())).materialized()
            }
        }
    }

    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Node {
        // Already in the data model: passed through untouched (a free-form member such as
        // an amendment's `changes`).
        if let json = value as? JSONValue { return .value(json) }
        let encoder = EncoderState(codingPath: codingPath)
        try value.encode(to: encoder)
        // A value that wrote nothing is an empty object, as Foundation's encoders make it.
        return encoder.node ?? .object(ObjectNode())
    }

    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        guard let exact = Int64(exactly: value), (-JSONValue.maxSafeInteger...JSONValue.maxSafeInteger).contains(exact) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "\(value) at \(pathText(codingPath)) is outside ±(2^53 − 1), the integers every JSON reader keeps exactly."))
        }
        return .int(exact)
    }

    static func floatingPoint(_ value: Any, codingPath: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(value, EncodingError.Context(
            codingPath: codingPath,
            debugDescription: "\(pathText(codingPath)) is a floating-point number; stored JSON holds integers only."))
    }

    static func pathText(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "the top level" }
        return codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// The key a super-encoder writes under, as Foundation names it.
    struct SuperKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.init(index: intValue) }
        init(index: Int) {
            stringValue = "\(index)"
            intValue = index
        }
        static let `super` = SuperKey(stringValue: "super")
    }

    final class EncoderState: Encoder {
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var node: Node?

        init(codingPath: [any CodingKey]) {
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let object: ObjectNode
            if case .object(let existing)? = node {
                object = existing
            } else {
                object = ObjectNode()
                node = .object(object)
            }
            return KeyedEncodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let array: ArrayNode
            if case .array(let existing)? = node {
                array = existing
            } else {
                array = ArrayNode()
                node = .array(array)
            }
            return UnkeyedContainer(array: array, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleValueContainer(encoder: self)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: ObjectNode
        let codingPath: [any CodingKey]

        private func set(_ node: Node, _ key: Key) { object.members[key.stringValue] = node }

        mutating func encodeNil(forKey key: Key) throws { set(.value(.null), key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.value(.bool(value)), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.value(.string(value)), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { throw floatingPoint(value, codingPath: codingPath + [key]) }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw floatingPoint(value, codingPath: codingPath + [key]) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.value(try integer(value, codingPath: codingPath + [key])), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            set(try box(value, codingPath: codingPath + [key]), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                            forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectNode()
            set(.object(nested), key)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayNode()
            set(.array(nested), key)
            return UnkeyedContainer(array: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = EncoderState(codingPath: codingPath + [SuperKey.super])
            object.members[SuperKey.super.stringValue] = .deferred(encoder)
            return encoder
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let encoder = EncoderState(codingPath: codingPath + [key])
            set(.deferred(encoder), key)
            return encoder
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let array: ArrayNode
        let codingPath: [any CodingKey]
        var count: Int { array.elements.count }

        private var nextPath: [any CodingKey] { codingPath + [SuperKey(index: count)] }
        private func append(_ node: Node) { array.elements.append(node) }

        mutating func encodeNil() throws { append(.value(.null)) }
        mutating func encode(_ value: Bool) throws { append(.value(.bool(value))) }
        mutating func encode(_ value: String) throws { append(.value(.string(value))) }
        mutating func encode(_ value: Double) throws { throw floatingPoint(value, codingPath: nextPath) }
        mutating func encode(_ value: Float) throws { throw floatingPoint(value, codingPath: nextPath) }
        mutating func encode(_ value: Int) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: Int8) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: Int16) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: Int32) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: Int64) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: UInt) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: UInt8) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: UInt16) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: UInt32) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: UInt64) throws { append(.value(try integer(value, codingPath: nextPath))) }
        mutating func encode<T: Encodable>(_ value: T) throws { append(try box(value, codingPath: nextPath)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectNode()
            let path = nextPath
            append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayNode()
            let path = nextPath
            append(.array(nested))
            return UnkeyedContainer(array: nested, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = EncoderState(codingPath: nextPath)
            append(.deferred(encoder))
            return encoder
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: EncoderState
        var codingPath: [any CodingKey] { encoder.codingPath }

        private func set(_ value: JSONValue) { encoder.node = .value(value) }

        mutating func encodeNil() throws { set(.null) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Double) throws { throw floatingPoint(value, codingPath: codingPath) }
        mutating func encode(_ value: Float) throws { throw floatingPoint(value, codingPath: codingPath) }
        mutating func encode(_ value: Int) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: Int8) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: Int16) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: Int32) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: Int64) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: UInt) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: UInt8) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: UInt16) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: UInt32) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: UInt64) throws { set(try integer(value, codingPath: codingPath)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.node = try box(value, codingPath: codingPath)
        }
    }
}
