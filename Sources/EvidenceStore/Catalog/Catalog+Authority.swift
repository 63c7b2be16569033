import Foundation
import GRDB

/// Migration `v6: authority`: the host's authenticated authority snapshot (AuthoritySnapshot)
/// and, on each entry row, why a reader skipped the entry (`invalid`: the authority its
/// signer lacked, FORMAT §7.10), so that `log` can show it.
extension Catalog {
    static func registerAuthority(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: authority") { db in
            try db.execute(sql: """
                ALTER TABLE entries ADD COLUMN invalid TEXT;
                CREATE TABLE authority (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), tree_size INTEGER NOT NULL,
                    state BLOB NOT NULL, mac BLOB NOT NULL);
                """)
        }
    }

    /// The stored snapshot: its tree size, bytes and MAC.
    func authoritySnapshot(_ db: Database) throws -> (size: UInt64, bytes: [UInt8], mac: [UInt8])? {
        guard let row = try Row.fetchOne(db, sql: "SELECT tree_size, state, mac FROM authority WHERE id = 1") else { return nil }
        let size: Int64 = row["tree_size"]
        let state: Data = row["state"]
        let mac: Data = row["mac"]
        return (UInt64(max(0, size)), [UInt8](state), [UInt8](mac))
    }

    /// The stored snapshot's tree size and MAC only: enough to tell whether it is still the one
    /// a session opened or stored, without reading the state, which grows with every item.
    func authoritySnapshotMark(_ db: Database) throws -> AuthoritySnapshot.Mark? {
        guard let row = try Row.fetchOne(db, sql: "SELECT tree_size, mac FROM authority WHERE id = 1") else { return nil }
        let size: Int64 = row["tree_size"]
        let mac: Data = row["mac"]
        return AuthoritySnapshot.Mark(size: UInt64(max(0, size)), mac: [UInt8](mac))
    }

    func storeAuthoritySnapshot(_ db: Database, size: UInt64, bytes: [UInt8], mac: [UInt8]) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO authority (id, tree_size, state, mac) VALUES (1, ?, ?, ?)",
                       arguments: [Int64(size), Data(bytes), Data(mac)])
    }
}
