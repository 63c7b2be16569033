/// The hold a `hold.added` or `hold.released` names (`hld_…`), public and in the audit part.
public struct HoldFacts: EventPart, Codable {
    public var hold: String
}
