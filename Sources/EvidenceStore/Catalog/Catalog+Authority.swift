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

    /// Stores a sealed snapshot with the buckets it made, when every other bucket it names is
    /// still stored (false, storing nothing, when one is not: the snapshot is only a cache).
    /// Buckets the snapshot no longer names are marked retired and removed an hour later, not
    /// at once: another command on this host may still be reading the snapshot they belong to.
    func storeAuthoritySnapshot(_ db: Database, size: UInt64, sealed: AuthoritySnapshot.Sealed,
                                now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> Bool {
        var present: [Data: Int64?] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT digest, retired_at FROM authority_buckets") {
            let digest: Data = row["digest"]
            let retired: Int64? = row["retired_at"]
            present.updateValue(retired, forKey: digest)
        }
        for (digest, bytes) in sealed.buckets.builtBuckets {
            try db.execute(sql: """
                INSERT INTO authority_buckets (digest, retired_at, items) VALUES (?, NULL, ?)
                ON CONFLICT (digest) DO UPDATE SET retired_at = NULL
                """, arguments: [Data(digest), Data(bytes)])
            present.updateValue(nil, forKey: Data(digest))
        }
        let named = Set(sealed.buckets.buckets.map { Data($0.digest) })
        for digest in named {
            guard let retired = present[digest] else { return false }
            if retired != nil {
                try db.execute(sql: "UPDATE authority_buckets SET retired_at = NULL WHERE digest = ?", arguments: [digest])
            }
        }
        for (digest, retired) in present where retired == nil && !named.contains(digest) {
            try db.execute(sql: "UPDATE authority_buckets SET retired_at = ? WHERE digest = ?", arguments: [now, digest])
        }
        try db.execute(sql: "DELETE FROM authority_buckets WHERE retired_at < ?", arguments: [now - Self.retiredBucketLifetime])
        try db.execute(sql: "INSERT OR REPLACE INTO authority (id, tree_size, state, mac) VALUES (1, ?, ?, ?)",
                       arguments: [Int64(size), Data(sealed.bytes), Data(sealed.mac)])
        return true
    }

    /// Seconds a bucket no stored snapshot names is kept for the commands still reading an older one.
    static let retiredBucketLifetime: Int64 = 3600

    /// Migration `v13: authority buckets`: the items of the authority snapshot, in buckets
    /// named by the SHA-256 of their bytes (StoredItemBuckets); snapshots of the older
    /// version are dropped (they no longer open) and stored again by the next command.
    /// `retired_at` comes before `items`: SQLite reads a row's columns in order, and storing a
    /// snapshot reads every bucket's `retired_at`, which must not read every bucket.
    static func registerAuthorityBuckets(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13: authority buckets") { db in
            try db.execute(sql: """
                CREATE TABLE authority_buckets (digest BLOB PRIMARY KEY NOT NULL, retired_at INTEGER, items BLOB NOT NULL);
                DELETE FROM authority;
                """)
        }
    }
}

/// The catalog as the place a snapshot's buckets are read from. Reads join the transaction
/// of the caller when there is one (a lookup made while the catalog is being caught up).
struct CatalogBucketSource: ItemBucketSource {
    let catalog: Catalog

    func bucket(digest: [UInt8]) throws -> [UInt8]? {
        try catalog.database.unsafeReentrantRead { db in
            try Data.fetchOne(db, sql: "SELECT items FROM authority_buckets WHERE digest = ?", arguments: [Data(digest)])
                .map { [UInt8]($0) }
        }
    }

    func holdsBuckets(_ digests: [[UInt8]]) throws -> Bool {
        try catalog.database.unsafeReentrantRead { db in
            let stored = Set(try Data.fetchAll(db, sql: "SELECT digest FROM authority_buckets"))
            return digests.allSatisfy { stored.contains(Data($0)) }
        }
    }
}
