import EvidenceStore

/// The wording of disposals, holds, case status and retention reviews.
extension EventDescription {
    static func detail(_ entry: TypedEntry<ItemDisposedEvent>) -> String {
        let with = entry.sealed?.withItem.map { " (a part of \($0), disposed of with it)" } ?? ""
        return "disposed of \(entry.itemID)\(with)\(because(entry.sealed?.reason))"
    }

    static func detail(_ entry: TypedEntry<HoldAddedEvent>) -> String {
        "placed legal hold \(entry.publicPart.hold) on \(target(entry.record))\(because(entry.sealed?.reason))"
    }

    static func detail(_ entry: TypedEntry<HoldReleasedEvent>) -> String {
        "released legal hold \(entry.publicPart.hold) on \(target(entry.record))\(because(entry.sealed?.reason))"
    }

    static func detail(_ entry: TypedEntry<CaseStatusEvent>) -> String {
        guard let sealed = entry.sealed else { return "recorded the status of case \(entry.caseID)" }
        return "recorded case \(entry.caseID) as \(sealed.status) on \(sealed.date)"
    }

    static func detail(_ entry: TypedEntry<RetentionSetEvent>) -> String {
        guard let sealed = entry.sealed else { return "set the retention review of \(target(entry.record))" }
        return sealed.reviewDate.map { "set the retention review of \(target(entry.record)) for \($0)" }
            ?? "cleared the retention review date of \(target(entry.record))"
    }

    static func detail(_ entry: TypedEntry<RetentionReviewedEvent>) -> String {
        let next = entry.sealed?.nextReview.map { ", next review \($0)" } ?? ""
        return "reviewed the retention of \(target(entry.record)): \(entry.sealed?.decision ?? "(sealed)")\(next)"
            + because(entry.sealed?.reason)
    }

    /// What a hold or a review is on: the item when the entry names one, else the case.
    static func target(_ record: EntryRecord) -> String {
        record.itemID.map { "item \($0)" } ?? "case \(record.caseID ?? "?")"
    }

    private static func because(_ reason: String?) -> String {
        reason.map { ": \($0)" } ?? ""
    }
}
