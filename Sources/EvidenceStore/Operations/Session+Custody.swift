import Foundation

/// Continuity of exhibits: hand-overs (`custody.transferred`) and the continuity record.
extension Session {
    /// The hand-overs of an item, oldest first.
    public func custodyTransfers(itemID: String) throws -> [CustodyTransferRecord] {
        try catalog.custodyTransfers(itemID: itemID)
    }

    /// The continuity record of an item already found visible.
    public func continuity(of item: ItemRecord) throws -> ContinuityRecord {
        ContinuityRecord.build(item: item, transfers: try custodyTransfers(itemID: item.id), events: try itemEvents(item.id),
                               names: try userNames())
    }

    /// `evidence custody history`: the continuity of an item the user may view.
    public func custodyHistory(itemID: String, wait: Double) throws -> (item: ItemRecord, case: CaseRecord,
                                                                       record: ContinuityRecord) {
        let (item, caseRecord) = try findItem(itemID, for: .viewMetadata, wait: wait)
        return (item, caseRecord, try continuity(of: item))
    }

    /// `evidence custody transfer`: records a hand-over from the current holder to the one
    /// named, signed by the acting user (who needs `record-custody` in the item's case).
    /// Returns what was recorded once the checkpoint covering it is on disk.
    public func transferCustody(_ request: CustodyTransferRequest, wait: Double) throws
        -> (seq: UInt64, from: String, now: CustodyState) {
        // Decided before the writer lock is taken, so that a refusal can be recorded.
        _ = try findItem(request.itemID, for: .recordCustody, reason: request.reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            // The transaction caught the catalog up under the lock: the holder read now is the
            // one the exhibit is handed over from, whatever another writer recorded meanwhile.
            guard let (item, _) = try findItemIfVisible(request.itemID) else { throw EvidenceError.noSuchItem(request.itemID) }
            let current = try continuity(of: item).current
            guard current.holder != CustodyState.unreadable else {
                throw EvidenceError(.data, "The current holder of \(item.id) is sealed under a case key you do not hold; ask a member who holds every key generation of the case to record the hand-over.")
            }
            guard !CustodyState.sameHolder(current.holder, request.to) else {
                throw EvidenceError(.usage, "\(item.id) is already in the custody of \(current.holder); nothing was recorded.")
            }
            let entry = try transaction.append(CustodyTransferredEvent(
                sealedPart: .init(from: current.holder, to: request.to, reason: request.reason, seal: request.seal,
                                  location: request.location),
                audit: audit(.init(from: current.holder, to: request.to, seal: request.seal, location: request.location),
                             reason: request.reason)
            ).draft(caseID: item.caseID, itemID: item.id))
            try transaction.finish()
            let now = CustodyState(holder: request.to, seal: request.seal ?? current.seal,
                                   location: request.location ?? current.location)
            return (entry.seq, current.holder, now)
        } catch {
            transaction.abandon()
            throw error
        }
    }
}
