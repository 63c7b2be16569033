/// The audit part every entry has: who acted, why when they said, and the facts the type
/// adds for auditors (FORMAT §7.4's audit column), all members of one object.
@dynamicMemberLookup
public struct EventAudit<Facts: Codable & Sendable & Equatable>: EventPart, Codable {
    public var actorName: String
    /// Absent when the user gave none (an empty reason is none).
    public var reason: String?
    public var facts: Facts

    init(actorName: String, reason: String?, facts: Facts) {
        self.actorName = actorName
        self.reason = reason.flatMap { $0.isEmpty ? nil : $0 }
        self.facts = facts
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<Facts, Value>) -> Value {
        facts[keyPath: keyPath]
    }

    private enum CodingKeys: String, CodingKey {
        case actorName, reason
    }

    // The facts share the object with actorName and reason rather than nesting under a key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        actorName = try container.decode(String.self, forKey: .actorName)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        facts = try Facts(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(actorName, forKey: .actorName)
        try container.encodeIfPresent(reason, forKey: .reason)
        try facts.encode(to: encoder)
    }
}

extension EventAudit where Facts == NoFacts {
    init(actorName: String, reason: String?) {
        self.init(actorName: actorName, reason: reason, facts: NoFacts())
    }
}
