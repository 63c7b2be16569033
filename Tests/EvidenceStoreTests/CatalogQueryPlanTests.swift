import GRDB
import Testing
@testable import EvidenceStore

/// Queries run once per file added or per search must seek, not walk a case: SQLite plans
/// without statistics, and an index added for one query can lure the planner away from the
/// one another query needs (an add of 300 files to a case of 42,000 items once read 8 GB).
@Suite("Catalog: per-item queries seek")
struct CatalogQueryPlanTests {
    static func plan(_ sql: String, _ arguments: StatementArguments) throws -> String {
        let catalog = try Catalog()
        return try catalog.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                .map { $0["detail"] as String? ?? "" }.joined(separator: "\n")
        }
    }

    @Test("an add's lookup of an object the case holds uses the object index, not the case's items in order")
    func objectLookupSeeks() throws {
        let plan = try Self.plan(Catalog.committedObjectQuery, ["case_x", "object"])
        #expect(plan.contains("items_by_object (case_id=? AND object_name=?)"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "the index gives the order too: \(plan)")
    }

    @Test("what changed in a case after a position is read from that position on")
    func caseChangesSeek() throws {
        let plan = try Self.plan(Catalog.itemChangesQuery, ["case_x", 5])
        #expect(plan.contains("entries_by_case_seq (case_id=? AND seq>?)"), "\(plan)")
    }
}
