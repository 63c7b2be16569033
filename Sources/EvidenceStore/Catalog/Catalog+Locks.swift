import GRDB

/// Sealed and audit parts projected while this user lacked their key: a key received since
/// (a grant, a rekey, the audit key) calls for projecting them again (Session.sync).
extension SQLiteCatalogScope {
    /// Per case, the key ids (class << 24 | generation) of sealed parts this catalog could not open.
    /// Read through `entries_locked` (migration v8): the locked rows' keys alone.
    func lockedCases() throws -> [(String, UInt32)] {
        try Row.fetchAll(database, sql: """
            SELECT DISTINCT case_id, sealed_key FROM entries
            WHERE sealed_state = 'locked' AND case_id IS NOT NULL AND sealed_key IS NOT NULL
            """).map { ($0["case_id"], UInt32(clamping: ($0["sealed_key"] as Int64?) ?? 0)) }
    }

    func hasLockedRepositoryEntries() throws -> Bool {
        try Bool.fetchOne(database, sql: "SELECT 1 FROM entries WHERE case_id IS NULL AND sealed_state = 'locked' LIMIT 1") ?? false
    }

    func hasLockedAuditParts() throws -> Bool {
        try Bool.fetchOne(database, sql: "SELECT 1 FROM entries WHERE audit_state = 'locked' LIMIT 1") ?? false
    }
}

extension CatalogStore {
    /// Each in a transaction of its own.
    func hasLockedRepositoryEntries() throws -> Bool {
        try read { try $0.hasLockedRepositoryEntries() }
    }

    func hasLockedAuditParts() throws -> Bool {
        try read { try $0.hasLockedAuditParts() }
    }
}
