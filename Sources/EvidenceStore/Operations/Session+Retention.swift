import Foundation

/// Retention reviews (Management of Police Information): a review date per item or case,
/// the list of what is due, and review decisions, each an event.
extension Session {
    /// `evidence retention set`: records `retention.set` with a review date for a case or an
    /// item (`nil` clears it). Setting a date is an `amend-metadata` action.
    public func setReviewDate(target: String, date: CalendarDate?, reason: String?, wait: Double)
        throws -> (case: CaseRecord, item: ItemRecord?) {
        if let reason { try Self.validateText(reason, field: .reason, limit: 2000) }
        let (caseRecord, item) = try findCaseOrItem(target, for: .amendMetadata, reason: reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            if let item, let current = try currentItem(item.id), current.isDisposed {
                throw Self.disposedError(current, "it has no retention left to review")
            }
            let facts = RetentionSetEvent.Facts(reviewDate: date?.description)
            try transaction.append(RetentionSetEvent(sealedPart: facts, audit: audit(facts, reason: reason))
                .draft(caseID: caseRecord.id, itemID: item?.id))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return (try currentCase(caseRecord.id) ?? caseRecord, try item.flatMap { try currentItem($0.id) })
    }

    /// `evidence retention review`: records a review decision on an item. Deciding is a
    /// `dispose` action; `dispose` does not destroy anything (that is `evidence dispose`,
    /// with its own checks), and `retain` sets the next review date (none: no longer due).
    public func reviewRetention(itemID: String, decision: String, nextReview: CalendarDate?, reason: String?,
                                wait: Double) throws -> ItemRecord {
        guard ["retain", "dispose"].contains(decision) else {
            throw EvidenceError(.usage, field: .decision, "\(name: .decision) must be retain or dispose.")
        }
        if decision == "dispose" && nextReview != nil {
            throw EvidenceError(.usage, field: .nextReview,
                                "\(cli: "\(name: .nextReview) goes with \(name: .decision) retain only", plain: "A next review date goes only with a decision to retain").")
        }
        let reason = try Self.requireReason(reason)
        let (item, _) = try findItem(itemID, for: .dispose, reason: reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            if let current = try currentItem(item.id), current.isDisposed {
                throw Self.disposedError(current, "it has no retention left to review")
            }
            try transaction.append(RetentionReviewedEvent(
                sealedPart: .init(decision: decision, reason: reason, nextReview: nextReview?.description),
                audit: audit(.init(decision: decision), reason: reason)
            ).draft(caseID: item.caseID, itemID: item.id))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return try currentItem(item.id) ?? item
    }

    /// `evidence retention due`: cases and items this user may see whose review date is on
    /// or before `asOf`, and undisposed items a review decided to dispose of; by date.
    public func retentionDue(asOf: CalendarDate, caseReference: String?, wait: Double) throws -> [RetentionDueEntry] {
        let cases = try caseReference.map { [try findCase($0, for: .viewMetadata, wait: wait)] } ?? listCases()
        let day = asOf.description
        var due: [RetentionDueEntry] = []
        for caseRecord in cases {
            let reference = caseRecord.reference ?? caseRecord.id
            if let review = caseRecord.reviewDate, review <= day {
                due.append(RetentionDueEntry(caseID: caseRecord.id, caseReference: reference, itemID: nil,
                                             reviewDate: review, decision: nil, label: caseRecord.title))
            }
        }
        let caseIDs = Set(cases.map(\.id))
        let references = Dictionary(cases.map { ($0.id, $0.reference ?? $0.id) }, uniquingKeysWith: { first, _ in first })
        for item in try listItems(caseReference: caseReference, wait: wait)
        where caseIDs.contains(item.caseID) && !item.isDisposed {
            let reviewDue = item.reviewDate.map { $0 <= day } ?? false
            guard reviewDue || item.reviewDecision == "dispose" else { continue }
            due.append(RetentionDueEntry(caseID: item.caseID, caseReference: references[item.caseID] ?? item.caseID,
                                         itemID: item.id, reviewDate: item.reviewDate,
                                         decision: item.reviewDecision == "dispose" ? "dispose" : nil,
                                         label: item.exhibitRef ?? item.name))
        }
        return due.sorted { ($0.reviewDate ?? "", $0.caseReference, $0.itemID ?? "") < ($1.reviewDate ?? "", $1.caseReference, $1.itemID ?? "") }
    }
}
