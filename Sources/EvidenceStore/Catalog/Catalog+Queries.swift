import GRDB

/// Small queries the session and the commands share.
extension Catalog {
    func userKeys(_ db: Database, id: String) throws -> (sealing: String, signing: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT sealing_key, signing_key FROM users WHERE id = ?", arguments: [id])
        else { return nil }
        return (row["sealing_key"], row["signing_key"])
    }

    /// Cases with entries whose sealed parts could not be opened, with the newest key generation.
    func lockedCases(_ db: Database) throws -> [(String, UInt32)] {
        try Row.fetchAll(db, sql: """
            SELECT DISTINCT e.case_id AS case_id, c.key_generation AS generation FROM entries e
            JOIN cases c ON c.id = e.case_id WHERE e.sealed_state = 'locked'
            """).map { ($0["case_id"], UInt32(clamping: ($0["generation"] as Int64?) ?? 1)) }
    }

    func setWatermark(_ db: Database, repositoryID: String, treeSize: UInt64, root: [UInt8]) throws {
        for (key, value) in [("repository", repositoryID), ("treeSize", String(treeSize)), ("root", Hex.encode(root))] {
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    func hasPendingInvitation(_ db: Database, userID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM invitations WHERE user_id = ? AND enrolled_seq IS NULL", arguments: [userID]) ?? false
    }

    func hasLockedRepositoryEntries(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM entries WHERE case_id IS NULL AND sealed_state = 'locked' LIMIT 1") ?? false
    }

    func hasLockedAuditParts(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM entries WHERE audit_state = 'locked' LIMIT 1") ?? false
    }
}
