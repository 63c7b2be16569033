import Foundation

/// What the search index of this host is built from: every committed item of a case that
/// the user may see (the catalog opens the metadata of nothing else, Visibility), and the
/// ledger positions that changed them. The index is a projection like the catalog; searches
/// apply visibility again, inside the query.
extension Session {
    /// The number of ledger entries the catalog holds (its projection of the newest checkpoint).
    public func projectedLedgerSize() throws -> UInt64 {
        let last = try catalog.lastEntrySeq()
        return last.map { UInt64($0) + 1 } ?? 0
    }

    /// A page of the items a case's index holds: every undisposed item of the case with
    /// readable metadata (those the user may see; physical exhibits too, found by their
    /// description and exhibit reference; a disposed item leaves the index: its content is
    /// gone), added at ledger positions in [`from`, `before`), in ledger order, at most `limit`
    /// of them. A first build and the index check walk a case in such pages, so that they
    /// hold one page at a time (and a build can record how far it got).
    public func itemsForIndexing(caseID: String, from: UInt64, before: UInt64, limit: Int) throws -> [ItemRecord] {
        try catalog.indexableItems(caseID: caseID, from: from, before: before, limit: limit)
    }

    /// How many items the index of a case holds when it is current.
    public func countItemsForIndexing(caseID: String) throws -> Int {
        try catalog.indexableItemCount(caseID: caseID)
    }

    /// One item by id, whoever may see it (nil when the catalog has no readable, undisposed
    /// item of that id: the indexer then removes its document).
    public func itemForIndexing(id: String) throws -> ItemRecord? {
        try catalog.indexableItem(id: id)
    }

    /// The items of a case that events of `types` touched at ledger positions `from` and
    /// later, in ledger order, each once; and how many such events there were (reading only the
    /// case's entries from `seq` on: Catalog.itemChangesQuery).
    public func itemChanges(caseID: String, from seq: UInt64, types: Set<String>) throws -> (items: [String], events: Int) {
        try catalog.itemChanges(caseID: caseID, from: seq, types: types)
    }
}
