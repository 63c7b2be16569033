import GRDB

/// Migration `v8: locked entries`: an index of the entries whose sealed part could not be
/// opened. Every catch-up asks which cases have some (a key that has arrived since opens
/// them, Session.sync); without the index, answering read the whole `entries` table, sealed
/// parts included, twice per group commit of an `add`: a cost that grew with the ledger.
extension Catalog {
    static func registerLockedEntries(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: locked entries") { db in
            try db.execute(sql: "CREATE INDEX entries_locked ON entries(case_id) WHERE sealed_state = 'locked'")
        }
    }

    /// Cases with entries whose sealed parts could not be opened, with the newest key generation:
    /// one look in the index per case.
    func lockedCases(_ db: Database) throws -> [(String, UInt32)] {
        try Row.fetchAll(db, sql: """
            SELECT c.id AS case_id, c.key_generation AS generation FROM cases c
            WHERE EXISTS (SELECT 1 FROM entries e WHERE e.case_id = c.id AND e.sealed_state = 'locked')
            """).map { ($0["case_id"], UInt32(clamping: ($0["generation"] as Int64?) ?? 1)) }
    }
}
