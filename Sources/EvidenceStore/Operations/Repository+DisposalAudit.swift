extension Repository {
    /// Every `item.disposed` entry must name an item an earlier entry added, in the same
    /// case, with that item's commitment, and be its only disposal: otherwise the entry could
    /// excuse the absence of some other object (or of nothing at all).
    static func checkDisposalEntries(_ entries: [LedgerEntry?], into report: inout VerificationReport) {
        var added: [String: (caseID: String?, commitment: [UInt8]?)] = [:]
        var disposed: Set<String> = []
        for entry in entries.compactMap({ $0 }) {
            if EventType.addsItem.contains(entry.type), let itemID = entry.itemID {
                added[itemID] = (entry.caseID, entry.commitment)
                continue
            }
            guard entry.type == EventType.itemDisposed else { continue }
            guard let itemID = entry.itemID, let item = added[itemID] else {
                report.problems.append("ledger entry \(entry.seq) disposes of \(entry.itemID.map { "item \($0)" } ?? "no item"), which no earlier entry added")
                continue
            }
            if entry.caseID != item.caseID || entry.commitment == nil || entry.commitment != item.commitment {
                report.problems.append("ledger entry \(entry.seq) disposes of item \(itemID) under another case or commitment than the item was added with")
            }
            if !disposed.insert(itemID).inserted {
                report.problems.append("ledger entry \(entry.seq) disposes of item \(itemID) a second time")
            }
        }
    }
}
