/// The part an event type never has: absent from its entries (never `{}`, FORMAT §7.2).
public struct NoPart: EventPart {
    public init() {}
    public func encodedPart() throws -> [String: JSONValue]? { nil }
    /// Whatever a later version may put there is ignored, as unknown members are.
    public static func decodedPart(_ members: [String: JSONValue]?) throws -> NoPart { NoPart() }
}
