import GRDB

extension CatalogProjector {
    /// Disposal, legal holds, case status and retention reviews (§7.4). Unknown types fall
    /// through untouched, so readers of older repositories lose nothing.
    static func applyRetention(_ entry: LedgerEntry, publicPart: [String: JSONValue], sealed: [String: JSONValue],
                               to db: Database) throws {
        let seq = Int64(entry.seq)
        let time = entry.time.description
        switch entry.type {
        case EventType.itemDisposed:
            guard let itemID = entry.itemID else { return }
            try db.execute(sql: """
                UPDATE items SET disposed_seq = ?, disposed_at = ?, disposed_by = ? WHERE id = ? AND disposed_seq IS NULL
                """, arguments: [seq, time, entry.actor, itemID])
        case EventType.holdAdded:
            guard let caseID = entry.caseID, let hold = publicPart["hold"]?.stringValue else { return }
            try db.execute(sql: """
                INSERT OR IGNORE INTO holds (id, case_id, item_id, reason, added_seq, added_at, added_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [hold, caseID, entry.itemID, sealed["reason"]?.stringValue, seq, time, entry.actor])
        case EventType.holdReleased:
            guard let hold = publicPart["hold"]?.stringValue else { return }
            try db.execute(sql: """
                UPDATE holds SET released_seq = ?, released_at = ?, released_by = ?, release_reason = ?
                WHERE id = ? AND released_seq IS NULL
                """, arguments: [seq, time, entry.actor, sealed["reason"]?.stringValue, hold])
        case EventType.caseStatus:
            guard let caseID = entry.caseID, let status = sealed["status"]?.stringValue else { return }
            try db.execute(sql: "UPDATE cases SET status = ?, status_date = ?, released_date = ? WHERE id = ?",
                           arguments: [status, sealed["date"]?.stringValue, sealed["released"]?.stringValue, caseID])
        case EventType.retentionSet:
            guard let caseID = entry.caseID, sealed["reviewDate"] != nil else { return }
            let review = sealed["reviewDate"]?.stringValue
            if let itemID = entry.itemID {
                try db.execute(sql: "UPDATE items SET review_date = ? WHERE id = ?", arguments: [review, itemID])
            } else {
                try db.execute(sql: "UPDATE cases SET review_date = ? WHERE id = ?", arguments: [review, caseID])
            }
        case EventType.retentionReviewed:
            guard let itemID = entry.itemID, let decision = sealed["decision"]?.stringValue else { return }
            try db.execute(sql: "UPDATE items SET review_decision = ?, review_date = ? WHERE id = ?",
                           arguments: [decision, sealed["nextReview"]?.stringValue, itemID])
        default:
            break
        }
    }
}
