import GRDB

/// Small queries the session and the commands share.
extension Catalog {
    func userKeys(_ db: Database, id: String) throws -> (sealing: String, signing: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT sealing_key, signing_key FROM users WHERE id = ?", arguments: [id])
        else { return nil }
        return (row["sealing_key"], row["signing_key"])
    }

    /// Per case, the key ids (class << 24 | generation) of sealed parts this catalog could not open.
    func lockedCases(_ db: Database) throws -> [(String, UInt32)] {
        try Row.fetchAll(db, sql: """
            SELECT DISTINCT case_id, sealed_key FROM entries
            WHERE sealed_state = 'locked' AND case_id IS NOT NULL AND sealed_key IS NOT NULL
            """).map { ($0["case_id"], UInt32(clamping: ($0["sealed_key"] as Int64?) ?? 0)) }
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
