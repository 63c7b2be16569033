import GRDB

/// Migration `v9: paging`: `list` and `log` read a page at a time in the order they print
/// (items by the entry that added them, events by sequence number), so that the first page
/// costs the same at 300,000 items as at 1,000.
extension Catalog {
    static func registerPaging(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9: paging") { db in
            // One case's items in order, without sorting them (the common listing); several
            // cases' items in order, read along added_seq.
            try db.execute(sql: "CREATE INDEX items_by_case_added ON items(case_id, added_seq)")
            try db.execute(sql: "CREATE INDEX items_by_added ON items(added_seq)")
        }
    }
}
