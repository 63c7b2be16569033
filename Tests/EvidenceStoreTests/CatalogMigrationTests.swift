import Foundation
import GRDB
@testable import EvidenceStore
import Testing

/// "v5: retention" must apply whether or not another branch's "v4" migration ran first, and
/// in either registration order: GRDB runs every registered migration a database lacks.
@Suite("Catalog migrations")
struct CatalogMigrationTests {
    static func columns(_ queue: DatabaseQueue, _ table: String) throws -> Set<String> {
        try queue.read { db in Set(try db.columns(in: table).map(\.name)) }
    }

    static func otherV4(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: custody") { db in
            try db.execute(sql: "CREATE TABLE custody_probe (id TEXT PRIMARY KEY NOT NULL); ALTER TABLE items ADD COLUMN probe TEXT;")
        }
    }

    @Test("a catalog that already ran a v4 of another branch gains v5; one that ran v5 gains a later-registered v4")
    func independentOfV4() throws {
        let folder = NSTemporaryDirectory() + "catalog-migration-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        // v1–v3, then the other branch's v4, then this build opens it.
        let first = try DatabaseQueue(path: folder + "/a.sqlite")
        try Catalog.migrator.migrate(first, upTo: "v3: search")
        var withV4 = DatabaseMigrator()
        Self.otherV4(&withV4)
        try withV4.migrate(first)
        try first.close()
        let opened = try Catalog(path: folder + "/a.sqlite")
        let items = try Self.columns(opened.database, "items")
        #expect(items.isSuperset(of: ["disposed_seq", "review_date", "probe"]), "\(items)")
        #expect(try Self.columns(opened.database, "holds").contains("released_seq"))

        // This build first, then a merged build registering v4 after v5.
        let second = try DatabaseQueue(path: folder + "/b.sqlite")
        try Catalog.migrator.migrate(second)
        var merged = Catalog.migrator
        Self.otherV4(&merged)
        try merged.migrate(second)
        #expect(try Self.columns(second, "items").isSuperset(of: ["disposed_seq", "probe"]))
        let applied = try second.read { db in try merged.appliedIdentifiers(db) }
        #expect(applied.isSuperset(of: ["v3: search", "v4: custody", "v5: retention"]))
    }
}
