/// The audit facts of a type whose audit part has nothing besides actorName and reason.
public struct NoFacts: Codable, Sendable, Equatable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {}
}
