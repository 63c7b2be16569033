import EvidenceStore

extension EventDescription {
    /// `memberDetail` for a disposal, hold, case status or retention event.
    static func retentionMemberText(_ entry: EntryRecord, sealed: [String: JSONValue], publicPart: [String: JSONValue]) -> String? {
        let target = entry.itemID.map { "item \($0)" } ?? "case \(entry.caseID ?? "?")"
        let reason = sealed["reason"]?.stringValue.map { ": \($0)" } ?? ""
        switch entry.type {
        case EventType.itemDisposed:
            let with = sealed["withItem"]?.stringValue.map { " (a part of \($0), disposed of with it)" } ?? ""
            return "disposed of \(entry.itemID ?? "?")\(with)\(reason)"
        case EventType.holdAdded:
            return "placed legal hold \(publicPart["hold"]?.stringValue ?? "?") on \(target)\(reason)"
        case EventType.holdReleased:
            return "released legal hold \(publicPart["hold"]?.stringValue ?? "?") on \(target)\(reason)"
        case EventType.caseStatus:
            guard let status = sealed["status"]?.stringValue else { return "recorded the status of case \(entry.caseID ?? "?")" }
            return "recorded case \(entry.caseID ?? "?") as \(status) on \(sealed["date"]?.stringValue ?? "?")"
        case EventType.retentionSet:
            guard let value = sealed["reviewDate"] else { return "set the retention review of \(target)" }
            return value.stringValue.map { "set the retention review of \(target) for \($0)" } ?? "cleared the retention review date of \(target)"
        case EventType.retentionReviewed:
            let next = sealed["nextReview"]?.stringValue.map { ", next review \($0)" } ?? ""
            return "reviewed the retention of \(target): \(sealed["decision"]?.stringValue ?? "(sealed)")\(next)\(reason)"
        default:
            return nil
        }
    }
}
