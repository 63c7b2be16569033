import Foundation
import GRDB
@testable import EvidenceStore
import Testing

/// The catalog's migrations in order: a catalog written by an older build (up to "v3: search")
/// gains custody ("v4") and retention ("v5") when this build opens it.
@Suite("Catalog migrations")
struct CatalogMigrationTests {
    static func columns(_ queue: DatabaseQueue, _ table: String) throws -> Set<String> {
        try queue.read { db in Set(try db.columns(in: table).map(\.name)) }
    }

    @Test("a v3 catalog gains v4: custody and v5: retention, in that order")
    func olderCatalogMigrates() throws {
        let folder = NSTemporaryDirectory() + "catalog-migration-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let older = try DatabaseQueue(path: folder + "/a.sqlite")
        try Catalog.migrator.migrate(older, upTo: "v3: search")
        #expect(!(try Self.columns(older, "items")).contains("disposed_seq"))
        try older.close()

        let opened = try Catalog(path: folder + "/a.sqlite")
        let items = try Self.columns(opened.database, "items")
        #expect(items.isSuperset(of: ["parent_id", "physical", "storage_location", "disposed_seq", "review_date"]), "\(items)")
        #expect(try Self.columns(opened.database, "cases").isSuperset(of: ["status", "status_date", "released_date"]))
        #expect(try Self.columns(opened.database, "holds").contains("released_seq"))
        let applied = try opened.database.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
        #expect(applied == ["v1: ledger projection", "v2: access control", "v3: search", "v4: custody", "v5: retention",
                            "v6: authority", "v7: visibility", "v8: class keys", "v9: paging",
                            "v10: snapshot mark first", "v11: case events in order", "v12: objects in order",
                            "v13: authority buckets"],
                "\(applied)")
    }

    /// Every projected table, and the tables that describe a projection, hold nothing.
    static func expectProjectionEmptied(_ database: DatabaseQueue, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try database.read { db in
            for table in Catalog.projectedTables.map(\.name) + ["meta", "authority", "visibility"] {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
                #expect(count == 0, "\(table)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("v7: visibility empties a catalog projected before it, which the next command projects again")
    func visibilityMigrationEmpties() throws {
        let database = try DatabaseQueue()
        try Catalog.migrator.migrate(database, upTo: "v6: authority")
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO entries (seq, type, time, actor, signer, leaf_hash, sealed_json, sealed_state, audit_state)
                VALUES (0, 'item.added', 't', 'usr_1', 'usr_1', 'aa', '{"name":"secret.txt"}', 'open', 'locked')
                """)
            try db.execute(sql: "INSERT INTO items (id, case_id, added_seq, added_at, added_by, name) VALUES ('itm_1', 'case_1', 0, 't', 'usr_1', 'secret.txt')")
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('treeSize', '1')")
        }
        try Catalog.migrator.migrate(database)
        try Self.expectProjectionEmptied(database)
    }

    @Test("v8: class keys adds entries.sealed_key and empties a catalog projected under single case keys")
    func classKeyMigrationEmpties() throws {
        let database = try DatabaseQueue()
        try Catalog.migrator.migrate(database, upTo: "v7: visibility")
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO entries (seq, type, time, actor, signer, leaf_hash, sealed_json, sealed_state, audit_state)
                VALUES (0, 'item.added', 't', 'usr_1', 'usr_1', 'aa', '{"name":"secret.txt"}', 'open', 'locked')
                """)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('treeSize', '1')")
            try db.execute(sql: "INSERT INTO visibility (case_id, fingerprint) VALUES ('case_1', 'aa')")
        }
        try Catalog.migrator.migrate(database)
        #expect(try Self.columns(database, "entries").contains("sealed_key"))
        try Self.expectProjectionEmptied(database)
    }
}
