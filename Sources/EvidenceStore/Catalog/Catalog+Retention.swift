import GRDB

extension Catalog {
    /// Retention, legal hold and disposal. Named "v5" and touching only what it adds, so
    /// that it applies whether or not another branch's "v4" migration ran before it: GRDB
    /// runs every registered migration a database has not recorded, in registration order.
    static func registerRetention(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: retention") { db in
            try db.execute(sql: """
                ALTER TABLE items ADD COLUMN disposed_seq INTEGER;
                ALTER TABLE items ADD COLUMN disposed_at TEXT;
                ALTER TABLE items ADD COLUMN disposed_by TEXT;
                ALTER TABLE items ADD COLUMN review_date TEXT;
                ALTER TABLE items ADD COLUMN review_decision TEXT;
                ALTER TABLE cases ADD COLUMN status TEXT;
                ALTER TABLE cases ADD COLUMN status_date TEXT;
                ALTER TABLE cases ADD COLUMN released_date TEXT;
                ALTER TABLE cases ADD COLUMN review_date TEXT;
                CREATE TABLE holds (
                    id TEXT PRIMARY KEY NOT NULL, case_id TEXT NOT NULL, item_id TEXT, reason TEXT,
                    added_seq INTEGER NOT NULL, added_at TEXT NOT NULL, added_by TEXT NOT NULL,
                    released_seq INTEGER, released_at TEXT, released_by TEXT, release_reason TEXT);
                CREATE INDEX holds_by_case ON holds(case_id);
                """)
        }
    }
}
