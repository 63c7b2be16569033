import GRDB

/// A transaction on the SQLite catalog, as the Catalog/ files see it: GRDB's connection, which
/// the named operations (Catalog+*.swift) run their SQL on. Nothing outside Catalog/ uses
/// `database`, so every statement the store runs on its catalog is here.
protocol SQLiteCatalogScope {
    var catalog: Catalog { get }
    var database: Database { get }
}

/// A read transaction on the SQLite catalog (`Catalog.read`).
struct CatalogReader: CatalogReading, SQLiteCatalogScope {
    let catalog: Catalog
    let database: Database

    func problems(comparedWith expected: CatalogReader) throws -> [String] {
        try CatalogComparison.problems(stored: database, expected: expected.database)
    }
}

/// A write transaction on the SQLite catalog (`Catalog.write`): the questions of a reader, and
/// the projection's writes.
struct CatalogWriter: CatalogWriting, SQLiteCatalogScope {
    let catalog: Catalog
    let database: Database

    func problems(comparedWith expected: CatalogWriter) throws -> [String] {
        try CatalogComparison.problems(stored: database, expected: expected.database)
    }
}

extension Catalog: CatalogStore {
    typealias Reader = CatalogReader
    typealias Writer = CatalogWriter

    func read<T>(_ body: (CatalogReader) throws -> T) throws -> T {
        try database.read { db in try body(CatalogReader(catalog: self, database: db)) }
    }

    func write<T>(_ body: (CatalogWriter) throws -> T) throws -> T {
        try database.write { db in try body(CatalogWriter(catalog: self, database: db)) }
    }
}
