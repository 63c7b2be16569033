import Foundation

/// What the retention commands act on: a case (by reference or id) or one item (by id).
extension Session {
    /// Resolves `target` and authorises `action` on it. An item id (`itm_…`) names an item,
    /// anything else a case; either way, what the user may not see is "does not exist" (66).
    public func findCaseOrItem(_ target: String, for action: Action, reason: String?,
                               wait: Double) throws -> (case: CaseRecord, item: ItemRecord?) {
        if ULID.isValid(target, prefix: "itm") {
            let found = try findItem(target, for: action, reason: reason, wait: wait)
            return (found.case, found.item)
        }
        return (try findCase(target, for: action, reason: reason, wait: wait), nil)
    }

    /// The reason a retention command must give: recorded, so never empty, and one line.
    static func requireReason(_ reason: String?) throws -> String {
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw EvidenceError(.usage, field: .reason, "Give \(option: .reason): it is recorded in the ledger with the decision.")
        }
        try validateText(text, field: .reason, limit: 2000)
        return text
    }

    /// The refusal for acting on an item that was disposed of: its content no longer exists.
    static func disposedError(_ item: ItemRecord, _ what: String) -> EvidenceError {
        EvidenceError(.data, "Item \(item.id) was disposed of on \(item.disposedAt.map { String($0.prefix(10)) } ?? "?") (ledger entry \(item.disposedSeq ?? 0)); \(what).")
    }

    /// The newest catalog row of an item (after a transaction took the lock and refreshed).
    func currentItem(_ id: String) throws -> ItemRecord? {
        try catalog.itemRecord(id: id)
    }

    func currentCase(_ id: String) throws -> CaseRecord? {
        try catalog.caseRecord(id: id)
    }
}
