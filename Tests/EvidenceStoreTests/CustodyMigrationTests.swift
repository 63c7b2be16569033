import Foundation
import GRDB
import Testing
@testable import EvidenceStore

/// The catalog migration "v4: custody": existing items, indexes and columns added by other
/// migrations survive the rebuild of `items`, and an item without an object fits.
@Suite struct CustodyMigrationTests {
    static let itemColumns = """
        id, case_id, added_seq, added_at, added_by, object_name, ciphertext_sha256, ciphertext_size, commitment, sha256
        """

    @Test func migratingKeepsItemsIndexesAndOtherMigrationsColumns() throws {
        let database = try DatabaseQueue()
        try Catalog.migrator.migrate(database, upTo: "v2: access control")
        try database.write { db in
            try db.execute(sql: "INSERT INTO items (\(Self.itemColumns)) VALUES ('itm_1', 'case_1', 7, 't', 'usr_1', 'ab', 'cd', 160, 'ef', '01')")
            // As another migration (search, say) might have done before this one runs.
            try db.execute(sql: "ALTER TABLE items ADD COLUMN indexed_seq INTEGER NOT NULL DEFAULT 5")
            try db.execute(sql: "CREATE INDEX items_by_indexed ON items(indexed_seq)")
        }
        // Up to the last migration that keeps rows ("v7: visibility" empties the catalog).
        try Catalog.migrator.migrate(database, upTo: "v6: authority")
        try database.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM items WHERE id = 'itm_1'"))
            #expect(row["object_name"] as String? == "ab" && row["ciphertext_size"] as Int64? == 160)
            #expect(row["indexed_seq"] as Int64? == 5)
            #expect(row["physical"] as Bool? == false && row["seal"] as String? == nil)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'")
            #expect(Set(indexes).isSuperset(of: ["items_by_case", "items_by_object", "items_by_indexed"]), "\(indexes)")
            let columns = try db.columns(in: "items")
            let notNull = Set(columns.filter(\.isNotNull).map(\.name))
            #expect(notNull.isDisjoint(with: CustodyMigration.objectColumns))
            #expect(notNull.isSuperset(of: ["id", "case_id", "added_seq", "added_at", "added_by", "indexed_seq", "physical"]))
            #expect(try db.primaryKey("items").columns == ["id"])
            #expect(try db.tableExists("custody"))
        }
        try database.write { db in
            try db.execute(sql: "INSERT INTO items (id, case_id, added_seq, added_at, added_by, physical) VALUES ('itm_2', 'case_1', 8, 't', 'usr_1', 1)")
            // The primary key still holds.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO items (id, case_id, added_seq, added_at, added_by) VALUES ('itm_2', 'c', 9, 't', 'u')")
            }
        }
    }

    @Test func aFreshCatalogHasTheCustodySchema() throws {
        let catalog = try Catalog()
        try catalog.database.read { db in
            let columns = try db.columns(in: "custody").map(\.name)
            #expect(Set(columns) == [
                "seq", "case_id", "item_id", "time", "actor", "from_holder", "to_holder", "seal", "location", "reason",
            ])
            #expect(Catalog.projectedTables.contains { $0.name == "custody" })
        }
    }
}
