import GRDB

/// The ledger's entries as the catalog holds them, with the parts the projecting user opened.
extension SQLiteCatalogScope {
    /// The newest entry projected (nil: none).
    func lastEntrySeq() throws -> Int64? {
        try Int64.fetchOne(database, sql: "SELECT MAX(seq) FROM entries")
    }

    /// The entries about an item, oldest first.
    func entries(ofItem itemID: String) throws -> [EntryRecord] {
        try EntryRecord.fetchAll(database, sql: "SELECT * FROM entries WHERE item_id = ? ORDER BY seq", arguments: [itemID])
    }

    /// Up to `limit` entries after `seq`, in order, of one case when given, of the given types
    /// when any: a page of `evidence log`, read along the primary key.
    func entriesPage(after seq: Int64, caseID: String?, types: Set<String>, limit: Int) throws -> [EntryRecord] {
        var filter = ""
        var values: [any DatabaseValueConvertible] = [seq]
        if let caseID {
            filter += " AND case_id = ?"
            values.append(caseID)
        }
        if !types.isEmpty {
            let sorted = types.sorted()
            filter += " AND type IN (\(sorted.map { _ in "?" }.joined(separator: ",")))"
            values += sorted as [any DatabaseValueConvertible]
        }
        values.append(limit)
        return try EntryRecord.fetchAll(database, sql: "SELECT * FROM entries WHERE seq > ?\(filter) ORDER BY seq LIMIT ?",
                                        arguments: StatementArguments(values))
    }
}

extension CatalogStore {
    /// Each in a transaction of its own.
    func lastEntrySeq() throws -> Int64? {
        try read { try $0.lastEntrySeq() }
    }

    func entries(ofItem itemID: String) throws -> [EntryRecord] {
        try read { try $0.entries(ofItem: itemID) }
    }

    func entriesPage(after seq: Int64, caseID: String?, types: Set<String>, limit: Int) throws -> [EntryRecord] {
        try read { try $0.entriesPage(after: seq, caseID: caseID, types: types, limit: limit) }
    }
}
