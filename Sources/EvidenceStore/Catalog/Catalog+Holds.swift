import GRDB

/// Legal holds as the catalog projects them (`hold.added`, `hold.released`).
extension SQLiteCatalogScope {
    /// Every hold ever placed in a case (active and released), oldest first.
    func holds(ofCase caseID: String) throws -> [HoldRecord] {
        try HoldRecord.fetchAll(database, sql: "SELECT * FROM holds WHERE case_id = ? ORDER BY added_seq", arguments: [caseID])
    }
}

extension CatalogStore {
    /// In a transaction of its own.
    func holds(ofCase caseID: String) throws -> [HoldRecord] {
        try read { try $0.holds(ofCase: caseID) }
    }
}
