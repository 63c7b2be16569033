import Foundation

/// Legal holds: a hold on a case or an item blocks disposal of what it covers until it is
/// released. Placing and releasing one are `record-disclosure` decisions (the officers who
/// answer for what must be kept for the prosecution), so the exhibits officer who disposes
/// cannot lift a hold themselves.
extension Session {
    /// `evidence hold add`: records `hold.added` on a case or an item.
    public func addHold(target: String, reason: String?, wait: Double) throws -> HoldRecord {
        let reason = try Self.requireReason(reason)
        let (caseRecord, item) = try findCaseOrItem(target, for: .recordDisclosure, reason: reason, wait: wait)
        let holdID = try ULID.make(prefix: "hld")
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            if let item, let current = try currentItem(item.id), current.isDisposed {
                throw Self.disposedError(current, "there is nothing left to hold")
            }
            try transaction.append(HoldAddedEvent(publicPart: HoldFacts(hold: holdID), sealedPart: HoldReason(reason: reason),
                                                  audit: audit(HoldFacts(hold: holdID), reason: reason))
                .draft(caseID: caseRecord.id, itemID: item?.id))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        guard let hold = try holds(caseID: caseRecord.id).first(where: { $0.id == holdID }) else {
            throw EvidenceError(.data, "The hold was recorded but the catalog does not show it; run evidence rebuild.")
        }
        return hold
    }

    /// `evidence hold release`: records `hold.released` for the one active hold placed on
    /// exactly that case or item (or the one named by `holdID`).
    public func releaseHold(target: String, holdID: String?, reason: String?, wait: Double) throws -> HoldRecord {
        let reason = try Self.requireReason(reason)
        let (caseRecord, item) = try findCaseOrItem(target, for: .recordDisclosure, reason: reason, wait: wait)
        let label = item.map { "item \($0.id)" } ?? "case \(caseRecord.reference ?? caseRecord.id)"
        let transaction = try LedgerTransaction(session: self, wait: wait)
        let released: HoldRecord
        do {
            let active = try holds(caseID: caseRecord.id).filter { $0.isActive && $0.itemID == item?.id }
            if let holdID {
                guard let hold = active.first(where: { $0.id == holdID }) else {
                    throw EvidenceError(.noInput, "No active hold \(holdID) is placed on \(label).")
                }
                released = hold
            } else {
                guard let only = active.first else {
                    throw EvidenceError(.noInput, "No active legal hold is placed on \(label).")
                }
                guard active.count == 1 else {
                    throw EvidenceError(.usage, field: .hold, "\(active.count) legal holds are placed on \(label) (\(active.map(\.id).joined(separator: ", "))); name the one to release\(cli: " with \(option: .hold)").")
                }
                released = only
            }
            try transaction.append(HoldReleasedEvent(
                publicPart: HoldFacts(hold: released.id), sealedPart: HoldReason(reason: reason),
                audit: audit(HoldFacts(hold: released.id), reason: reason)).draft(caseID: caseRecord.id, itemID: item?.id))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return try holds(caseID: caseRecord.id).first(where: { $0.id == released.id }) ?? released
    }

    /// Every hold ever placed in a case (active and released), oldest first.
    public func holds(caseID: String) throws -> [HoldRecord] {
        try catalog.holds(ofCase: caseID)
    }

    /// The active holds that cover an item: on its case, on it, or on an item it was
    /// extracted from (a hold on an email covers its attachments).
    public func activeHolds(covering item: ItemRecord) throws -> [HoldRecord] {
        var lineage: Set<String> = [item.id]
        var parent = item.parentID
        while let id = parent, lineage.insert(id).inserted {
            parent = try currentItem(id)?.parentID
        }
        return try holds(caseID: item.caseID).filter { hold in
            hold.isActive && (hold.itemID == nil || lineage.contains(hold.itemID ?? ""))
        }
    }
}
