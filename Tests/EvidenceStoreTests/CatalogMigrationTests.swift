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
                            "v6: authority"],
                "\(applied)")
    }
}
