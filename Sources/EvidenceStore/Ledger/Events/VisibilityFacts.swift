/// An item's (or a search's hits') visibility class, public so that key-less readers can
/// decide who may see the entry (FORMAT §7.10).
public struct VisibilityFacts: EventPart, Codable {
    /// `OFFICIAL`, `OFFICIAL-SENSITIVE` or `SECRET`; kept as written, so that an unknown
    /// value reaches the authority rules, which decide what it means.
    public var classification: String
    public var sensitive: Bool
}
