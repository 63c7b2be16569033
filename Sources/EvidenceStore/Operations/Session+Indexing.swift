import Foundation
import GRDB

/// What the search index of this host is built from: every committed item of a case that
/// the user may see (the catalog opens the metadata of nothing else, Visibility), and the
/// ledger positions that changed them. The index is a projection like the catalog; searches
/// apply visibility again, inside the query.
extension Session {
    /// The number of ledger entries the catalog holds (its projection of the newest checkpoint).
    public func projectedLedgerSize() throws -> UInt64 {
        let last = try catalog.database.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM entries") }
        return last.map { UInt64($0) + 1 } ?? 0
    }

    /// A page of the items a case's index holds: every undisposed item of the case with
    /// readable metadata (those the user may see; physical exhibits too, found by their
    /// description and exhibit reference; a disposed item leaves the index: its content is
    /// gone), added at ledger positions in [`from`, `before`), in ledger order, at most `limit`
    /// of them. A first build and the index check walk a case in such pages, so that they
    /// hold one page at a time (and a build can record how far it got).
    public func itemsForIndexing(caseID: String, from: UInt64, before: UInt64, limit: Int) throws -> [ItemRecord] {
        try catalog.database.read { db in
            try ItemRecord.fetchAll(db, sql: """
                SELECT * FROM items WHERE case_id = ? AND \(ItemRecord.openedCondition) AND disposed_seq IS NULL
                AND added_seq >= ? AND added_seq < ? ORDER BY added_seq LIMIT ?
                """, arguments: [caseID, Int64(clamping: from), Int64(clamping: before), limit])
        }
    }

    /// How many items the index of a case holds when it is current.
    public func countItemsForIndexing(caseID: String) throws -> Int {
        try catalog.database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM items WHERE case_id = ? AND \(ItemRecord.openedCondition) AND disposed_seq IS NULL
                """, arguments: [caseID]) ?? 0
        }
    }

    /// One item by id, whoever may see it (nil when the catalog has no readable, undisposed
    /// item of that id: the indexer then removes its document).
    public func itemForIndexing(id: String) throws -> ItemRecord? {
        try catalog.database.read { db in
            try ItemRecord.fetchOne(db, sql: "SELECT * FROM items WHERE id = ? AND \(ItemRecord.openedCondition) AND disposed_seq IS NULL", arguments: [id])
        }
    }

    /// The items of a case that events of `types` touched at ledger positions `from` and
    /// later, in ledger order, each once; and how many such events there were.
    /// Reads only the case's entries from `seq` on (`entries_by_case_seq`, catalog migration v11).
    static let itemChangesQuery = """
        SELECT item_id, type FROM entries WHERE case_id = ? AND seq >= ? AND item_id IS NOT NULL ORDER BY seq
        """

    public func itemChanges(caseID: String, from seq: UInt64, types: Set<String>) throws -> (items: [String], events: Int) {
        let rows = try catalog.database.read { db in
            try Row.fetchAll(db, sql: Self.itemChangesQuery, arguments: [caseID, Int64(clamping: seq)])
        }
        var seen = Set<String>()
        var items: [String] = []
        var events = 0
        for row in rows {
            guard let type: String = row["type"], types.contains(type), let item: String = row["item_id"] else { continue }
            events += 1
            if seen.insert(item).inserted { items.append(item) }
        }
        return (items, events)
    }
}
