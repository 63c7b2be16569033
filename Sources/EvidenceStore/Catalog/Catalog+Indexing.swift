import GRDB

/// What the search index of this host is built from (Session+Indexing.swift): the undisposed
/// items with readable metadata of a case, and the ledger positions that changed them.
extension SQLiteCatalogScope {
    /// Such items added at ledger positions in [`from`, `before`), in ledger order, at most `limit`.
    func indexableItems(caseID: String, from: UInt64, before: UInt64, limit: Int) throws -> [ItemRecord] {
        try ItemRecord.fetchAll(database, sql: """
            SELECT * FROM items WHERE case_id = ? AND \(ItemRecord.openedCondition) AND disposed_seq IS NULL
            AND added_seq >= ? AND added_seq < ? ORDER BY added_seq LIMIT ?
            """, arguments: [caseID, Int64(clamping: from), Int64(clamping: before), limit])
    }

    func indexableItemCount(caseID: String) throws -> Int {
        try Int.fetchOne(database, sql: """
            SELECT COUNT(*) FROM items WHERE case_id = ? AND \(ItemRecord.openedCondition) AND disposed_seq IS NULL
            """, arguments: [caseID]) ?? 0
    }

    /// One item by id, whoever may see it (nil when there is no readable, undisposed item of that id).
    func indexableItem(id: String) throws -> ItemRecord? {
        try ItemRecord.fetchOne(database, sql: "SELECT * FROM items WHERE id = ? AND \(ItemRecord.openedCondition) AND disposed_seq IS NULL", arguments: [id])
    }

    /// The items of a case that events of `types` touched at ledger positions `seq` and later,
    /// in ledger order, each once; and how many such events there were.
    func itemChanges(caseID: String, from seq: UInt64, types: Set<String>) throws -> (items: [String], events: Int) {
        let rows = try Row.fetchAll(database, sql: Catalog.itemChangesQuery, arguments: [caseID, Int64(clamping: seq)])
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

extension Catalog {
    /// Reads only the case's entries from `seq` on (`entries_by_case_seq`, catalog migration v11).
    static let itemChangesQuery = """
        SELECT item_id, type FROM entries WHERE case_id = ? AND seq >= ? AND item_id IS NOT NULL ORDER BY seq
        """
}

extension CatalogStore {
    /// Each in a transaction of its own.
    func indexableItems(caseID: String, from: UInt64, before: UInt64, limit: Int) throws -> [ItemRecord] {
        try read { try $0.indexableItems(caseID: caseID, from: from, before: before, limit: limit) }
    }

    func indexableItemCount(caseID: String) throws -> Int {
        try read { try $0.indexableItemCount(caseID: caseID) }
    }

    func indexableItem(id: String) throws -> ItemRecord? {
        try read { try $0.indexableItem(id: id) }
    }

    func itemChanges(caseID: String, from seq: UInt64, types: Set<String>) throws -> (items: [String], events: Int) {
        try read { try $0.itemChanges(caseID: caseID, from: seq, types: types) }
    }
}
