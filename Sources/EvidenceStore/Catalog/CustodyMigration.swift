import GRDB

/// The catalog migration "v4: custody": physical exhibits and hand-overs.
///
/// A physical exhibit is an item without an object, so the object columns of `items`, created
/// NOT NULL by "v1: ledger projection", must accept NULL. SQLite cannot drop a NOT NULL
/// constraint in place; the table is rebuilt as SQLite's documentation describes (new table,
/// copy, drop, rename, recreate indexes and triggers). The new table is made from the columns
/// `items` has when this migration runs, not from a fixed list, so that columns another
/// migration added before this one (search, say) survive it.
enum CustodyMigration {
    static let identifier = "v4: custody"

    /// The columns that only items with content have.
    static let objectColumns: Set<String> = ["object_name", "ciphertext_sha256", "ciphertext_size", "commitment"]

    static func migrate(_ db: Database) throws {
        try rebuildItemsAllowingNoObject(db)
        try db.execute(sql: """
            ALTER TABLE items ADD COLUMN physical INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE items ADD COLUMN seal TEXT;
            ALTER TABLE items ADD COLUMN storage_location TEXT;
            CREATE TABLE custody (
                seq INTEGER PRIMARY KEY NOT NULL, case_id TEXT NOT NULL, item_id TEXT NOT NULL, time TEXT NOT NULL,
                actor TEXT NOT NULL, from_holder TEXT, to_holder TEXT, seal TEXT, location TEXT, reason TEXT);
            CREATE INDEX custody_by_item ON custody(item_id, seq);
            """)
    }

    static func rebuildItemsAllowingNoObject(_ db: Database) throws {
        let columns = try db.columns(in: "items")
        let primaryKey = columns.filter { $0.primaryKeyIndex > 0 }.sorted { $0.primaryKeyIndex < $1.primaryKeyIndex }
        var definitions = columns.map { column -> String in
            var definition = "\(column.name.quotedDatabaseIdentifier) \(column.type)"
            if column.isNotNull && !objectColumns.contains(column.name) { definition += " NOT NULL" }
            if let defaultValue = column.defaultValueSQL { definition += " DEFAULT \(defaultValue)" }
            return definition
        }
        if !primaryKey.isEmpty {
            definitions.append("PRIMARY KEY (\(primaryKey.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")))")
        }
        // Indexes and triggers on items, to recreate after the swap (automatic indexes have no SQL).
        let dependents = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE tbl_name = 'items' AND type IN ('index', 'trigger') AND sql IS NOT NULL
            ORDER BY type, name
            """)
        let names = columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        try db.execute(sql: "CREATE TABLE items_v4 (\(definitions.joined(separator: ", ")))")
        try db.execute(sql: "INSERT INTO items_v4 (\(names)) SELECT \(names) FROM items")
        try db.execute(sql: "DROP TABLE items")
        try db.execute(sql: "ALTER TABLE items_v4 RENAME TO items")
        for statement in dependents { try db.execute(sql: statement) }
    }
}
