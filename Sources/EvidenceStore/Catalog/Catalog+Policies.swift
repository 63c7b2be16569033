import GRDB

/// Access policies as the catalog projects them (`policy.applied`).
extension SQLiteCatalogScope {
    /// The text of the newest policy applied (nil when none was, or its text is sealed and unopened).
    func newestPolicyText() throws -> String? {
        try String.fetchOne(database, sql: "SELECT text FROM policies ORDER BY seq DESC LIMIT 1")
    }
}

extension CatalogStore {
    /// In a transaction of its own.
    func newestPolicyText() throws -> String? {
        try read { try $0.newestPolicyText() }
    }
}
