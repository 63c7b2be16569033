import GRDB

/// The projection's writes: entries applied one by one (CatalogProjector), and the rows removed
/// before the ledger is projected again (a rebuild clears everything).
extension CatalogWriter {
    func project(_ opened: OpenedEntry, invalid: String?) throws {
        try CatalogProjector.apply(opened, invalid: invalid, to: database)
    }

    /// Removes every projected row, keeping the schema (used by rebuild).
    func clear() throws {
        for table in Catalog.projectedTables { try database.execute(sql: "DELETE FROM \(table.name)") }
        try database.execute(sql: "DELETE FROM meta")
        try database.execute(sql: "DELETE FROM authority")
        try database.execute(sql: "DELETE FROM visibility")
    }
}

extension CatalogStore {
    /// Removes every projected row in a transaction of its own.
    func clear() throws {
        try write { try $0.clear() }
    }
}
