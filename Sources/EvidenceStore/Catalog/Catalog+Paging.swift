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

/// Migration `v10: snapshot mark first`: the authority snapshot's row keeps its MAC before the
/// state. SQLite reads a row's columns in order, through the overflow pages of any blob before
/// them, so with the MAC after a state of several megabytes every check of the snapshot's mark
/// (one per catch-up, so one per group commit of an add) read the whole state. The snapshot is
/// a cache: it is dropped here, and the next command stores it again.
extension Catalog {
    static func registerSnapshotMarkFirst(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10: snapshot mark first") { db in
            try db.execute(sql: """
                DROP TABLE authority;
                CREATE TABLE authority (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), tree_size INTEGER NOT NULL,
                    mac BLOB NOT NULL, state BLOB NOT NULL);
                """)
        }
    }
}

/// Migration `v11: case events in order`: what changed in a case since a position (the search
/// index's catch-up, and every search's report of how far its index lags) is read from the
/// entries of that case at or after it. With an index on the case alone SQLite visits every
/// entry the case ever had to find the few after the position; ordered by position within the
/// case, it visits only those. The new index serves every query the old one did.
extension Catalog {
    static func registerCaseEventsInOrder(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11: case events in order") { db in
            try db.execute(sql: "CREATE INDEX entries_by_case_seq ON entries(case_id, seq)")
            try db.execute(sql: "DROP INDEX entries_by_case")
        }
    }
}

/// Migration `v12: objects in order`: an add looks up, for every file, the first live item of
/// the case whose object has the file's keyed name (deduplication, FORMAT §6). Since `v9`
/// SQLite, without statistics, answered that along `items(case_id, added_seq)` for the sake of
/// the ORDER BY, visiting every item of the case when the content is new (the usual case):
/// an add's cost per file grew with the case (an add of 300 files to a case of 42,000 items
/// read 8 GB of the catalog). With the order inside the object index, the lookup is one seek.
extension Catalog {
    static func registerObjectsInOrder(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12: objects in order") { db in
            try db.execute(sql: "DROP INDEX items_by_object")
            try db.execute(sql: "CREATE INDEX items_by_object ON items(case_id, object_name, added_seq)")
        }
    }
}
