extension Session {
    /// A `physical-item.added` entry must name its case and item and carry no object and no
    /// commitment: an object slipped into one would be content the ledger never accounted
    /// for as an item's (and no object check would look at it). Nil when the entry is sound
    /// or is not a physical exhibit's.
    static func physicalItemProblem(_ entry: LedgerEntry) -> String? {
        guard entry.type == EventType.physicalItemAdded else { return nil }
        guard entry.caseID != nil, entry.itemID != nil else {
            return "ledger entry \(entry.seq) records a physical exhibit without naming its case and item"
        }
        guard entry.object == nil, entry.commitment == nil else {
            return "ledger entry \(entry.seq) records physical exhibit \(entry.itemID ?? "?") with an object or a commitment, which a physical exhibit cannot have"
        }
        return nil
    }
}
