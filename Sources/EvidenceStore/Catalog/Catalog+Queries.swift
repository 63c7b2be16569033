import GRDB

/// Small queries the session and the commands share.
extension Catalog {
    func userKeys(_ db: Database, id: String) throws -> (sealing: String, signing: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT sealing_key, signing_key FROM users WHERE id = ?", arguments: [id])
        else { return nil }
        return (row["sealing_key"], row["signing_key"])
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
