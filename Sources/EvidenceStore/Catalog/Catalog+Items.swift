import GRDB

/// Items as the catalog projects them (ItemRecord): by id, by parent, a page of cases' items in
/// the order they were added, and the first live item holding an object (deduplication).
extension SQLiteCatalogScope {
    func itemRecord(id: String) throws -> ItemRecord? {
        try ItemRecord.fetchOne(database, sql: "SELECT * FROM items WHERE id = ?", arguments: [id])
    }

    /// The rows of those of `ids` the catalog has, in no particular order (one query: callers
    /// pass a few hundred at a time).
    func itemRecords(ids: [String]) throws -> [ItemRecord] {
        try ItemRecord.fetchAll(database, sql: "SELECT * FROM items WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                                arguments: StatementArguments(ids))
    }

    /// The items recorded as parts of `parentID` (attachments, messages), in the order they were added.
    func itemsDerived(from parentID: String) throws -> [ItemRecord] {
        try ItemRecord.fetchAll(database, sql: "SELECT * FROM items WHERE parent_id = ? ORDER BY added_seq",
                                arguments: [parentID])
    }

    /// Up to `limit` items of the cases `caseIDs` added after ledger position `cursor`, in the
    /// order they were added.
    func itemsPage(inCases caseIDs: [String], afterAddedSeq cursor: Int64, limit: Int) throws -> [ItemRecord] {
        let placeholders = caseIDs.map { _ in "?" }.joined(separator: ",")
        // Without the hint, SQLite takes several cases' rows by case and sorts them all for
        // every batch; along added_seq each batch reads only what it returns.
        let order = caseIDs.count == 1 ? "items" : "items INDEXED BY items_by_added"
        return try ItemRecord.fetchAll(database, sql: """
            SELECT * FROM \(order) WHERE added_seq > ? AND case_id IN (\(placeholders)) ORDER BY added_seq LIMIT ?
            """, arguments: StatementArguments([cursor]) + StatementArguments(caseIDs) + [limit])
    }

    /// The first live (undisposed) item of the case whose object has the keyed name `objectName`
    /// (FORMAT §6); nil when there is none, or its row lacks the object's digest or size.
    func firstLiveObject(caseID: String, objectName: String) throws -> CommittedObjectRecord? {
        guard let row = try Row.fetchOne(database, sql: Catalog.committedObjectQuery, arguments: [caseID, objectName]),
              let itemID: String = row["id"], let digest: String = row["ciphertext_sha256"],
              let size: Int64 = row["ciphertext_size"] else { return nil }
        return CommittedObjectRecord(itemID: itemID, ciphertextSHA256: digest, ciphertextSize: size)
    }
}

extension Catalog {
    /// One seek on `items_by_object` (catalog migration v12), whatever the size of the case.
    static let committedObjectQuery = """
        SELECT id, ciphertext_sha256, ciphertext_size FROM items
        WHERE case_id = ? AND object_name = ? AND disposed_seq IS NULL
        ORDER BY added_seq LIMIT 1
        """
}

/// An object a committed item holds, as `firstLiveObject` finds it.
struct CommittedObjectRecord: Sendable, Equatable {
    var itemID: String
    /// Hex, as the catalog stores it.
    var ciphertextSHA256: String
    var ciphertextSize: Int64
}

extension CatalogStore {
    /// Each in a transaction of its own.
    func itemRecord(id: String) throws -> ItemRecord? {
        try read { try $0.itemRecord(id: id) }
    }

    func itemRecords(ids: [String]) throws -> [ItemRecord] {
        try read { try $0.itemRecords(ids: ids) }
    }

    func itemsDerived(from parentID: String) throws -> [ItemRecord] {
        try read { try $0.itemsDerived(from: parentID) }
    }

    func itemsPage(inCases caseIDs: [String], afterAddedSeq cursor: Int64, limit: Int) throws -> [ItemRecord] {
        try read { try $0.itemsPage(inCases: caseIDs, afterAddedSeq: cursor, limit: limit) }
    }

    func firstLiveObject(caseID: String, objectName: String) throws -> CommittedObjectRecord? {
        try read { try $0.firstLiveObject(caseID: caseID, objectName: objectName) }
    }
}
