/// Disposal, legal holds, case status and retention reviews: the in-memory twin of
/// CatalogProjector.applyRetention (kept in step with it by the conformance suite). Unknown
/// types change nothing.
extension InMemoryCatalogTables {
    mutating func applyRetention(_ entry: LedgerEntry, publicPart: [String: JSONValue], sealed: [String: JSONValue]) {
        let seq = Int64(entry.seq)
        let time = entry.time.description
        switch entry.type {
        case EventType.itemDisposed:
            guard let itemID = entry.itemID, var item = items[itemID], item.disposedSeq == nil else { return }
            item.disposedSeq = seq
            item.disposedAt = time
            item.disposedBy = entry.actor
            items[itemID] = item
        case EventType.holdAdded:
            guard let caseID = entry.caseID, let hold = publicPart["hold"]?.stringValue, holds[hold] == nil else { return }
            holds[hold] = HoldRecord(id: hold, caseID: caseID, itemID: entry.itemID, reason: sealed["reason"]?.stringValue,
                                     addedSeq: seq, addedAt: time, addedBy: entry.actor)
        case EventType.holdReleased:
            guard let hold = publicPart["hold"]?.stringValue, var record = holds[hold], record.releasedSeq == nil else { return }
            record.releasedSeq = seq
            record.releasedAt = time
            record.releasedBy = entry.actor
            record.releaseReason = sealed["reason"]?.stringValue
            holds[hold] = record
        case EventType.caseStatus:
            guard let caseID = entry.caseID, let status = sealed["status"]?.stringValue, var record = cases[caseID] else { return }
            record.status = status
            record.statusDate = sealed["date"]?.stringValue
            record.releasedDate = sealed["released"]?.stringValue
            cases[caseID] = record
        case EventType.retentionSet:
            guard let caseID = entry.caseID, sealed["reviewDate"] != nil else { return }
            let review = sealed["reviewDate"]?.stringValue
            if let itemID = entry.itemID {
                items[itemID]?.reviewDate = review
            } else {
                cases[caseID]?.reviewDate = review
            }
        case EventType.retentionReviewed:
            guard let itemID = entry.itemID, let decision = sealed["decision"]?.stringValue, var item = items[itemID] else { return }
            item.reviewDecision = decision
            item.reviewDate = sealed["nextReview"]?.stringValue
            items[itemID] = item
        default:
            break
        }
    }
}
