import GRDB

/// Small queries the session and the commands share.
extension Catalog {
    func userKeys(_ db: Database, id: String) throws -> (sealing: String, signing: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT sealing_key, signing_key FROM users WHERE id = ?", arguments: [id])
        else { return nil }
        return (row["sealing_key"], row["signing_key"])
    }

    func hasPendingInvitation(_ db: Database, userID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM invitations WHERE user_id = ? AND enrolled_seq IS NULL", arguments: [userID]) ?? false
    }
}
