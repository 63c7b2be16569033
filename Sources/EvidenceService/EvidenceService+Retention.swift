import EvidenceStore

extension EvidenceService {
    /// Opens a case (`evidence case create`); the creator is its first member.
    public func createCase(_ context: UserContext, reference: String, title: String, classification: Classification,
                           reason: String? = nil, wait: Double = 0) async throws -> CaseRecord {
        try await perform(context, writes: true) { session in
            try session.createCase(reference: reference, title: title, classification: classification, reason: reason,
                                   wait: wait)
        }
    }

    /// Records the stage a case has reached (`evidence case status`), which decides when its
    /// material may be disposed of (CPIA retention).
    public func setCaseStatus(_ context: UserContext, reference: String, status: CaseStatus, date: CalendarDate,
                              released: CalendarDate? = nil, reason: String? = nil, wait: Double = 0) async throws -> CaseRecord {
        try await perform(context, writes: true) { session in
            try session.setCaseStatus(reference: reference, status: status, date: date, released: released, reason: reason,
                                      wait: wait)
        }
    }

    /// Sets (or, with nil, clears) the retention review date of a case or an item.
    public func setReviewDate(_ context: UserContext, target: String, date: CalendarDate?, reason: String? = nil,
                              wait: Double = 0) async throws -> ReviewDateSet {
        try await perform(context, writes: true) { session in
            let (caseRecord, item) = try session.setReviewDate(target: target, date: date, reason: reason, wait: wait)
            return ReviewDateSet(caseRecord: caseRecord, item: item, reviewDate: date)
        }
    }

    /// Records a retention review of an item: retain (until `nextReview`) or dispose.
    public func reviewRetention(_ context: UserContext, itemID: String, decision: String, nextReview: CalendarDate? = nil,
                                reason: String? = nil, wait: Double = 0) async throws -> ItemRecord {
        try await perform(context, writes: true) { session in
            try session.reviewRetention(itemID: itemID, decision: decision, nextReview: nextReview, reason: reason,
                                        wait: wait)
        }
    }

    /// What is due for a retention review on or before `asOf`, of one case or of every case
    /// the user may see.
    public func retentionDue(_ context: UserContext, asOf: CalendarDate, caseReference: String? = nil,
                             wait: Double = 0) async throws -> [RetentionDueEntry] {
        try await perform(context) { session in
            try session.retentionDue(asOf: asOf, caseReference: caseReference, wait: wait)
        }
    }

    /// Corrects an item's recorded metadata (`evidence amend`).
    public func amend(_ context: UserContext, itemID: String, _ amendment: ItemAmendment, reason: String? = nil,
                      wait: Double = 0) async throws -> ItemRecord {
        let changes = try ServiceError.mapping { try amendment.changes() }
        return try await perform(context, writes: true) { session in
            try session.amend(itemID: itemID, changes: changes, reason: reason, wait: wait)
        }
    }
}

/// A review date set or cleared: of the case, or of one of its items.
public struct ReviewDateSet: Sendable, Codable, Equatable {
    public var caseRecord: CaseRecord
    public var item: ItemRecord?
    public var reviewDate: CalendarDate?
}
