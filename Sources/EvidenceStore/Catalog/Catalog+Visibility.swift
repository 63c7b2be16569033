import Foundation
import GRDB

/// Migration `v7: visibility`: a user's catalog holds the opened sealed parts of only what that
/// user may see (Visibility), and remembers, per case, the fingerprint of what they saw of it
/// when it was projected, so that a change (a grant, a revocation, a policy, a reclassified
/// item) re-projects that case's rows (Session.catchUp).
extension Catalog {
    static func registerVisibility(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: visibility") { db in
            try db.execute(sql: "CREATE TABLE visibility (case_id TEXT PRIMARY KEY NOT NULL, fingerprint TEXT NOT NULL)")
            // A catalog projected before holds every sealed part its user could decrypt: it
            // is emptied (secure_delete zeroes what is deleted) and the next command projects
            // the ledger again under the visibility rules.
            for table in projectedTables { try db.execute(sql: "DELETE FROM \(table.name)") }
            try db.execute(sql: "DELETE FROM meta")
            try db.execute(sql: "DELETE FROM authority")
        }
    }

    /// Tables (and their case column) whose rows come from the entries of one case only.
    static let caseTables: [(name: String, caseColumn: String)] = [
        ("items", "case_id"), ("custody", "case_id"), ("holds", "case_id"), ("case_members", "case_id"),
        ("case_key_holders", "case_id"), ("cases", "id"),
    ]
}

/// What each case was projected under, read and written within a catch-up's transaction.
extension SQLiteCatalogScope {
    /// The stored fingerprints, by case id.
    func visibilityFingerprints() throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(database, sql: "SELECT case_id, fingerprint FROM visibility") {
            result[row["case_id"]] = row["fingerprint"]
        }
        return result
    }

    /// Entries of a case before `before` and whether each was invalid (what its signer lacked).
    func caseEntries(caseID: String, before: UInt64) throws -> [(seq: UInt64, invalid: String?)] {
        try Row.fetchAll(database, sql: "SELECT seq, invalid FROM entries WHERE case_id = ? AND seq < ? ORDER BY seq",
                         arguments: [caseID, Int64(clamping: before)]).map { row in
            (UInt64(max(0, row["seq"] as Int64)), row["invalid"])
        }
    }
}

extension CatalogWriter {
    func storeVisibilityFingerprints(_ fingerprints: [String: String], replacing stored: [String: String]) throws {
        for (caseID, fingerprint) in fingerprints.sorted(by: { $0.key < $1.key }) where stored[caseID] != fingerprint {
            try database.execute(sql: "INSERT OR REPLACE INTO visibility (case_id, fingerprint) VALUES (?, ?)",
                                 arguments: [caseID, fingerprint])
        }
    }

    /// Deletes every row a case's entries before `before` projected: its entries and its rows in
    /// the tables that only case entries fill. With secure_delete on, the bytes go too.
    func removeCaseRows(caseID: String, before: UInt64) throws {
        try database.execute(sql: "DELETE FROM entries WHERE case_id = ? AND seq < ?", arguments: [caseID, Int64(clamping: before)])
        for table in Catalog.caseTables {
            try database.execute(sql: "DELETE FROM \(table.name) WHERE \(table.caseColumn) = ?", arguments: [caseID])
        }
    }
}

/// Migration `v8: class keys`: each entry row records the key id its sealed part needs
/// (`sealed_key`: class << 24 | generation), so that a part locked under a class key the user
/// lacks is opened again only once they receive that key; an index of the locked rows finds them.
extension Catalog {
    static func registerClassKeys(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: class keys") { db in
            try db.execute(sql: "ALTER TABLE entries ADD COLUMN sealed_key INTEGER")
            // Every catch-up asks which keys the locked parts need (Session.sync): through this
            // index it reads the locked rows' keys alone, never the whole table with its sealed parts.
            try db.execute(sql: "CREATE INDEX entries_locked ON entries(case_id, sealed_key) WHERE sealed_state = 'locked'")
            // Catalogs of earlier versions were projected under single case keys: projected again.
            for table in projectedTables { try db.execute(sql: "DELETE FROM \(table.name)") }
            try db.execute(sql: "DELETE FROM meta")
            try db.execute(sql: "DELETE FROM authority")
            try db.execute(sql: "DELETE FROM visibility")
        }
    }
}
