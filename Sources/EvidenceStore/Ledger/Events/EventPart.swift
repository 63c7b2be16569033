/// One of an entry's JSON parts (`public`, `sealed` or `audit`) as a typed value.
public protocol EventPart: Sendable, Equatable {
    /// The members the entry carries; nil when the part is absent from the entry.
    func encodedPart() throws -> [String: JSONValue]?
    /// Reads the part from the entry's members (nil: the entry has no such part).
    static func decodedPart(_ members: [String: JSONValue]?) throws -> Self
}

extension EventPart where Self: Codable {
    public func encodedPart() throws -> [String: JSONValue]? {
        try JSONValueEncoder().encodeObject(self)
    }

    public static func decodedPart(_ members: [String: JSONValue]?) throws -> Self {
        guard let members else {
            throw DecodingError.valueNotFound(Self.self, DecodingError.Context(
                codingPath: [], debugDescription: "The entry has no part for \(Self.self)."))
        }
        return try JSONValueDecoder().decode(Self.self, from: members)
    }

    /// Reads the part from an entry's members.
    public init(part members: [String: JSONValue]) throws {
        self = try JSONValueDecoder().decode(Self.self, from: members)
    }
}

/// A part that only some entries of a type carry (`item.amended`'s `public`, present when
/// the amendment states a class).
extension Optional: EventPart where Wrapped: EventPart {
    public func encodedPart() throws -> [String: JSONValue]? {
        try self?.encodedPart()
    }

    public static func decodedPart(_ members: [String: JSONValue]?) throws -> Self {
        guard let members else { return nil }
        return try Wrapped.decodedPart(members)
    }
}
