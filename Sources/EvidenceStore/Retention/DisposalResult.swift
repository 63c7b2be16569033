/// What `evidence dispose` did.
public struct DisposalResult: Sendable, Equatable, Codable {
    /// The items disposed of: the one named first, then the parts extracted from it.
    public var items: [String]
    /// The `item.disposed` entries, in the same order (empty when only finishing).
    public var entries: [UInt64]
    /// Object files destroyed (header key overwritten, then removed).
    public var objectsRemoved: Int
    /// Objects kept because another, live item of the case holds the same content.
    public var objectsKept: Int
    /// This run only finished an earlier disposal that was interrupted after its entry.
    public var finishedEarlier: Bool
}
