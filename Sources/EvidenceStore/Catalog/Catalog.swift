import Foundation
import GRDB

/// The catalog: a SQLite projection of the ledger (cases, items, users, events) in the
/// per-host state folder. Nothing in it is authoritative; `evidence rebuild` recreates
/// it from the ledger, and `evidence verify` re-projects the ledger and compares.
///
/// The SQLite implementation of `CatalogStore`: the rest of the store asks it named questions
/// (Catalog+*.swift) inside `read` and `write` (CatalogScope.swift); its SQL stays in this folder.
public final class Catalog: Sendable {
    public let database: DatabaseQueue

    /// Opens (creating if needed) the catalog at `path` and brings its schema up to date.
    public init(path: String) throws {
        do {
            database = try DatabaseQueue(path: path, configuration: Self.configuration())
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw EvidenceError(.io, "The catalog at \(path) could not be opened (\(error.message ?? "SQLite error \(error.resultCode)")); delete it and run evidence rebuild.")
        }
    }

    /// An in-memory catalog, for re-projecting the ledger during verification.
    public init() throws {
        database = try DatabaseQueue(configuration: Self.configuration())
        try Self.migrator.migrate(database)
    }

    /// secure_delete: rows deleted when a user's visibility narrows (and the rows a rebuild
    /// replaces) are overwritten with zeros in the file, not left in free space for `strings`.
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        return configuration
    }

    /// Versioned migrations: later changes add migrations and never edit these, because GRDB
    /// records each applied migration by name and never runs it again on an existing catalog.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: ledger projection") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE entries (
                    seq INTEGER PRIMARY KEY NOT NULL, type TEXT NOT NULL, time TEXT NOT NULL, actor TEXT NOT NULL,
                    case_id TEXT, item_id TEXT, signer TEXT NOT NULL, leaf_hash TEXT NOT NULL,
                    public_json TEXT, sealed_json TEXT, audit_json TEXT,
                    sealed_state TEXT NOT NULL, audit_state TEXT NOT NULL);
                CREATE INDEX entries_by_item ON entries(item_id);
                CREATE INDEX entries_by_case ON entries(case_id);
                CREATE TABLE users (
                    id TEXT PRIMARY KEY NOT NULL, name TEXT, sealing_key TEXT NOT NULL, signing_key TEXT NOT NULL,
                    roles TEXT, registered_seq INTEGER NOT NULL, registered_at TEXT NOT NULL);
                CREATE INDEX users_by_name ON users(name);
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY NOT NULL, reference TEXT, title TEXT, classification TEXT,
                    key_generation INTEGER NOT NULL, created_seq INTEGER NOT NULL, created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL);
                CREATE INDEX cases_by_reference ON cases(reference);
                CREATE TABLE case_key_holders (
                    case_id TEXT NOT NULL, generation INTEGER NOT NULL, holder TEXT NOT NULL,
                    PRIMARY KEY (case_id, generation, holder));
                CREATE TABLE items (
                    id TEXT PRIMARY KEY NOT NULL, case_id TEXT NOT NULL, added_seq INTEGER NOT NULL,
                    added_at TEXT NOT NULL, added_by TEXT NOT NULL, object_name TEXT NOT NULL,
                    ciphertext_sha256 TEXT NOT NULL, ciphertext_size INTEGER NOT NULL, commitment TEXT NOT NULL,
                    sha256 TEXT, salt TEXT, size INTEGER, name TEXT, path TEXT, modified TEXT, kind TEXT,
                    exhibit_ref TEXT, description TEXT, seized_by TEXT, seized_at TEXT, location TEXT,
                    classification TEXT, sensitive INTEGER, media_type TEXT, duplicate_of TEXT);
                CREATE INDEX items_by_case ON items(case_id);
                CREATE INDEX items_by_object ON items(case_id, object_name);
                CREATE TABLE recovery_slots (
                    id TEXT PRIMARY KEY NOT NULL, label TEXT, added_seq INTEGER NOT NULL, removed_seq INTEGER);
                """)
        }
        migrator.registerMigration("v2: access control") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN clearance TEXT;
                ALTER TABLE users ADD COLUMN disabled_seq INTEGER;
                CREATE TABLE invitations (
                    user_id TEXT PRIMARY KEY NOT NULL, name TEXT, roles TEXT, clearance TEXT,
                    added_seq INTEGER NOT NULL, added_by TEXT NOT NULL, enrolled_seq INTEGER);
                CREATE TABLE case_members (
                    case_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL,
                    granted_seq INTEGER NOT NULL, revoked_seq INTEGER,
                    PRIMARY KEY (case_id, user_id, granted_seq));
                CREATE INDEX case_members_by_user ON case_members(user_id);
                CREATE TABLE policies (
                    seq INTEGER PRIMARY KEY NOT NULL, hash TEXT NOT NULL, text TEXT, applied_by TEXT NOT NULL,
                    applied_at TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v3: search") { db in
            try db.execute(sql: """
                ALTER TABLE items ADD COLUMN parent_id TEXT;
                ALTER TABLE items ADD COLUMN part TEXT;
                CREATE INDEX items_by_parent ON items(parent_id);
                """)
        }
        migrator.registerMigration(CustodyMigration.identifier) { db in try CustodyMigration.migrate(db) }
        registerRetention(&migrator)
        registerAuthority(&migrator)
        registerVisibility(&migrator)
        registerClassKeys(&migrator)
        registerPaging(&migrator)
        registerSnapshotMarkFirst(&migrator)
        registerCaseEventsInOrder(&migrator)
        registerObjectsInOrder(&migrator)
        registerAuthorityBuckets(&migrator)
        return migrator
    }

    /// Tables compared by `verify`, with the column that orders their rows.
    static let projectedTables: [(name: String, key: String)] = [
        ("entries", "seq"), ("users", "id"), ("cases", "id"), ("case_key_holders", "case_id, generation, holder"),
        ("items", "id"), ("recovery_slots", "id"), ("case_members", "case_id, user_id, granted_seq"), ("policies", "seq"),
        ("invitations", "user_id"),
        ("custody", "seq"), ("holds", "id"),
    ]

    public func meta(_ key: String) throws -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }
}
