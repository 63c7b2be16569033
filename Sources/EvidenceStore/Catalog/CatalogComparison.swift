import Foundation
import GRDB

/// The stored catalog against one projected afresh from the ledger, table by table, row by row,
/// with the same findings as `CatalogRows.problems(comparedWith:)` but without holding either:
/// both tables are read in the order of their key columns and merged, so only the rows that
/// differ are kept (to be reported in the order that comparison gives them).
enum CatalogComparison {
    /// What differs between `stored` and `expected` (each read within the caller's transaction),
    /// one sentence per row, ordered by table and then by row key. Columns only the stored
    /// catalog has are not compared.
    static func problems(stored: Database, expected: Database) throws -> [String] {
        var problems: [String] = []
        for (name, key) in Catalog.projectedTables {
            let keyColumns = key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let wanted = try OrderedRows(expected, table: name, keyColumns: keyColumns)
            let have = try OrderedRows(stored, table: name, keyColumns: keyColumns)
            let storedIndex = wanted.columns.map { have.columns.firstIndex(of: $0) }
            var findings: [(key: String, text: String)] = []
            var unbacked: [String] = []
            var wantedRow = try wanted.next()
            var storedRow = try have.next()
            while wantedRow != nil || storedRow != nil {
                let order: Int
                if let wantedRow, let storedRow {
                    order = Self.order(wantedRow.key, storedRow.key)
                } else {
                    order = wantedRow == nil ? 1 : -1
                }
                if order < 0, let row = wantedRow {
                    let described = CatalogRows.describe(row.key)
                    findings.append((described, "catalog: \(name) row \(described) is missing (run evidence rebuild)"))
                    wantedRow = try wanted.next()
                } else if order > 0, let row = storedRow {
                    unbacked.append(CatalogRows.describe(row.key))
                    storedRow = try have.next()
                } else if let row = wantedRow, let stored = storedRow {
                    let differing = wanted.columns.indices.filter { column in
                        storedIndex[column].map { stored.values[$0] } != row.values[column]
                    }.map { wanted.columns[$0] }.sorted()
                    if !differing.isEmpty {
                        let described = CatalogRows.describe(row.key)
                        findings.append((described, "catalog: \(name) row \(described) differs from the ledger in \(differing.joined(separator: ", ")) (edited outside evidence; run evidence rebuild)"))
                    }
                    wantedRow = try wanted.next()
                    storedRow = try have.next()
                }
            }
            problems += findings.sorted { $0.key < $1.key }.map(\.text)
            problems += unbacked.sorted().map { "catalog: \(name) row \($0) is not backed by any ledger entry (run evidence rebuild)" }
        }
        return problems
    }

    /// SQLite's order of values under the BINARY collation (NULL, then numbers by value, then
    /// text by its UTF-8 bytes, then blobs by their bytes), key column by key column: the order
    /// `ORDER BY … COLLATE BINARY` reads rows in, so that the merge above meets equal keys together.
    static func order(_ left: [DatabaseValue], _ right: [DatabaseValue]) -> Int {
        for (a, b) in zip(left, right) {
            let order = Self.order(a, b)
            if order != 0 { return order }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    static func order(_ a: DatabaseValue, _ b: DatabaseValue) -> Int {
        func rank(_ value: DatabaseValue) -> Int {
            switch value.storage {
            case .null: 0
            case .int64, .double: 1
            case .string: 2
            case .blob: 3
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a.storage, b.storage) {
        case (.int64(let x), .int64(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int64(let x), .double(let y)): return Self.order(Double(x), y)
        case (.double(let x), .int64(let y)): return Self.order(x, Double(y))
        case (.double(let x), .double(let y)): return Self.order(x, y)
        case (.string(let x), .string(let y)): return Self.order(Array(x.utf8), Array(y.utf8))
        case (.blob(let x), .blob(let y)): return Self.order([UInt8](x), [UInt8](y))
        default: return 0
        }
    }

    private static func order(_ x: Double, _ y: Double) -> Int { x == y ? 0 : (x < y ? -1 : 1) }

    private static func order(_ x: [UInt8], _ y: [UInt8]) -> Int {
        if x == y { return 0 }
        return x.lexicographicallyPrecedes(y) ? -1 : 1
    }
}

/// One table's rows in the order of its key columns, one at a time. A key column a tampered
/// schema lacks reads as NULL, as any other missing value; of rows with the same key (possible
/// only in a tampered table), the first is taken.
private final class OrderedRows {
    let columns: [String]
    private let keyIndexes: [Int?]
    private let cursor: RowCursor
    private var previousKey: [DatabaseValue]?

    init(_ db: Database, table: String, keyColumns: [String]) throws {
        let columns = try db.makeStatement(sql: "SELECT * FROM \(table)").columnNames
        self.columns = columns
        keyIndexes = keyColumns.map { columns.firstIndex(of: $0) }
        let present = keyColumns.filter { columns.contains($0) }
        let ordering = present.isEmpty ? "" : " ORDER BY " + present.map { "\"\($0)\" COLLATE BINARY" }.joined(separator: ", ")
        cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(table)\(ordering)")
    }

    func next() throws -> (key: [DatabaseValue], values: [DatabaseValue])? {
        while let row = try cursor.next() {
            let values = Array(row.databaseValues)
            let key = keyIndexes.map { index in index.map { values[$0] } ?? .null }
            if let previousKey, CatalogComparison.order(previousKey, key) == 0 { continue }
            previousKey = key
            return (key, values)
        }
        return nil
    }
}
