/// Every `item.disposed` entry must name an item an earlier entry added, in the same case, with
/// that item's commitment, and be its only disposal: otherwise the entry could excuse the
/// absence of some other object (or of nothing at all). Folded entry by entry, in ledger order.
struct DisposalEntryCheck {
    /// The case and commitment each item was last added with.
    private var added: [String: (caseID: String?, commitment: [UInt8]?)] = [:]
    private var disposed: Set<String> = []
    private(set) var problems: [String] = []

    mutating func visit(_ entry: LedgerEntry) {
        if EventType.addsItem.contains(entry.type), let itemID = entry.itemID {
            added[itemID] = (entry.caseID, entry.commitment)
            return
        }
        guard entry.type == EventType.itemDisposed else { return }
        guard let itemID = entry.itemID, let item = added[itemID] else {
            problems.append("ledger entry \(entry.seq) disposes of \(entry.itemID.map { "item \($0)" } ?? "no item"), which no earlier entry added")
            return
        }
        if entry.caseID != item.caseID || entry.commitment == nil || entry.commitment != item.commitment {
            problems.append("ledger entry \(entry.seq) disposes of item \(itemID) under another case or commitment than the item was added with")
        }
        if !disposed.insert(itemID).inserted {
            problems.append("ledger entry \(entry.seq) disposes of item \(itemID) a second time")
        }
    }

    /// The copy of `itemID` this check keys its record by, so that other records of the same
    /// item share its storage instead of holding their own.
    func shared(_ itemID: String) -> String {
        added.index(forKey: itemID).map { added.keys[$0] } ?? itemID
    }
}

extension Repository {
    /// The checks of `DisposalEntryCheck` over entries held in memory.
    static func checkDisposalEntries(_ entries: [LedgerEntry?], into report: inout VerificationReport) {
        var check = DisposalEntryCheck()
        for case let entry? in entries { check.visit(entry) }
        report.problems += check.problems
    }
}
