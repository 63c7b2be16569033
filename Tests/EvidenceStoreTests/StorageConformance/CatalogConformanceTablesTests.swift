import Foundation
import GRDB
import Testing
@testable import EvidenceStore

/// Beyond the questions: the in-memory tables hold the rows the SQLite catalog holds, column for
/// column (also those no question reads yet: a disabled user's mark, roles, revocations, policy
/// hashes, recovery slots), for both projections of the ledger.
@Suite struct CatalogConformanceTablesTests {
    @Test("the in-memory catalog holds the SQLite catalog's rows, column for column")
    func sameRows() throws {
        let ledger = try CatalogLedger.load()
        let dir = try UnitTempDir("catalog")
        defer { dir.remove() }
        for (view, entries) in [("officer", ledger.officer), ("administrator", ledger.admin)] {
            let sqlite = try Catalog(path: dir.file("\(view).sqlite"))
            let memory = InMemoryCatalog()
            try sqlite.fill(with: ledger, entries)
            try memory.fill(with: ledger, entries)
            let want = try Self.rows(sqlite)
            let have = try Self.normalised(memory.tables.projectedRows())
            for (table, _) in Catalog.projectedTables {
                let wanted = want[table] ?? [:]
                let held = have[table] ?? [:]
                #expect(Set(held.keys) == Set(wanted.keys), "\(view): \(table) keys")
                for (key, row) in wanted {
                    guard let heldRow = held[key] else { continue }
                    for column in Set(row.keys).union(heldRow.keys).sorted() where row[column] != heldRow[column] {
                        Issue.record("\(view): \(table) row \(key) column \(column): SQLite \(String(describing: row[column])), in memory \(String(describing: heldRow[column]))")
                    }
                }
            }
            #expect((want["entries"]?.count ?? 0) == entries.count)
            #expect((want["users"]?["\"\(ledger.carolID)\""]?["disabled_seq"]) == .int(ledger.disabledSeq))
            #expect((want["recovery_slots"]?.count ?? 0) == 2 && (want["policies"]?.count ?? 0) == 2)
            #expect(want["recovery_slots"]?.values.filter { $0["removed_seq"] != nil }.count == 1)
        }
    }

    /// The SQLite catalog's projected tables, keyed and valued as the in-memory catalog names them.
    static func rows(_ catalog: Catalog) throws -> [String: InMemoryCatalogTables.Rows] {
        let rows = try catalog.database.read { try CatalogRows.read($0) }
        var result: [String: InMemoryCatalogTables.Rows] = [:]
        for (name, table) in rows.tables {
            var converted: InMemoryCatalogTables.Rows = [:]
            for (key, values) in table.rows {
                let described = key.map { InMemoryCatalogTables.describe(Self.value($0)) }.joined(separator: "/")
                var columns: [String: JSONValue] = [:]
                for (column, value) in zip(table.columns, values) where !value.isNull { columns[column] = Self.value(value) }
                converted[described] = columns
            }
            result[name] = converted
        }
        return result
    }

    static func value(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .int(number)
        case .double(let number): .string("double \(number)")
        case .string(let text): .string(text)
        case .blob(let bytes): .string("blob \(Hex.encode([UInt8](bytes)))")
        }
    }

    /// NULL columns dropped and flags as SQLite stores them (0 or 1).
    static func normalised(_ tables: [String: InMemoryCatalogTables.Rows]) -> [String: InMemoryCatalogTables.Rows] {
        tables.mapValues { rows in
            rows.mapValues { columns in
                columns.compactMapValues { value -> JSONValue? in
                    switch value {
                    case .null: nil
                    case .bool(let flag): .int(flag ? 1 : 0)
                    default: value
                    }
                }
            }
        }
    }
}
