import GRDB

/// The projected tables of one catalog, row by row, held in memory: the plain form of the
/// comparison `verify` makes (CatalogComparison streams both catalogs instead, and must find
/// exactly what this finds; the tests hold it to that).
///
/// Values stay `DatabaseValue`s (compared as SQLite stores them) and rows are keyed by their
/// key columns' values.
struct CatalogRows: Sendable {
    struct Table: Sendable {
        var columns: [String] = []
        /// Key columns' values → the row's values, in `columns` order.
        var rows: [[DatabaseValue]: [DatabaseValue]] = [:]
    }

    private(set) var tables: [String: Table] = [:]

    /// Reads every table of `Catalog.projectedTables` (within the caller's transaction).
    static func read(_ db: Database) throws -> CatalogRows {
        var result = CatalogRows()
        for (name, key) in Catalog.projectedTables {
            let statement = try db.makeStatement(sql: "SELECT * FROM \(name)")
            var table = Table(columns: statement.columnNames)
            let keyColumns = key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            // A key column a tampered schema lacks reads as NULL, as any other missing value.
            let keyIndexes = keyColumns.map { table.columns.firstIndex(of: $0) }
            let rows = try Row.fetchCursor(statement)
            while let row = try rows.next() {
                let values = Array(row.databaseValues)
                let rowKey = keyIndexes.map { index in index.map { values[$0] } ?? .null }
                table.rows[rowKey] = values
            }
            result.tables[name] = table
        }
        return result
    }

    /// What differs between this (the stored catalog) and `expected` (projected from the ledger),
    /// one sentence per row, ordered by table and then by row key. Columns only the stored
    /// catalog has are not compared.
    func problems(comparedWith expected: CatalogRows) -> [String] {
        var problems: [String] = []
        for (name, _) in Catalog.projectedTables {
            let stored = tables[name] ?? Table()
            let wanted = expected.tables[name] ?? Table()
            let storedIndex = wanted.columns.map { stored.columns.firstIndex(of: $0) }
            var findings: [(key: String, text: String)] = []
            for (key, row) in wanted.rows {
                guard let have = stored.rows[key] else {
                    findings.append((Self.describe(key), "catalog: \(name) row \(Self.describe(key)) is missing (run evidence rebuild)"))
                    continue
                }
                let differing = wanted.columns.indices.filter { column in
                    let storedValue = storedIndex[column].map { have[$0] }
                    return storedValue != row[column]
                }.map { wanted.columns[$0] }.sorted()
                if !differing.isEmpty {
                    findings.append((Self.describe(key), "catalog: \(name) row \(Self.describe(key)) differs from the ledger in \(differing.joined(separator: ", ")) (edited outside evidence; run evidence rebuild)"))
                }
            }
            problems += findings.sorted { $0.key < $1.key }.map(\.text)
            let unbacked = stored.rows.keys.filter { wanted.rows[$0] == nil }.map(Self.describe).sorted()
            problems += unbacked.map { "catalog: \(name) row \($0) is not backed by any ledger entry (run evidence rebuild)" }
        }
        return problems
    }

    /// A row key as problems name it: its values' SQL text, joined by "/".
    static func describe(_ key: [DatabaseValue]) -> String {
        key.map(\.description).joined(separator: "/")
    }
}
