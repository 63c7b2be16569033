/// Every `item.disposed` entry must name an item an earlier entry added, in the same case, with
/// that item's commitment, and be its only disposal: otherwise the entry could excuse the
/// absence of some other object (or of nothing at all). Folded entry by entry, in ledger order.
struct DisposalEntryCheck {
    /// The case and commitment each item was last added with, as one digest (`binding`): every
    /// item of the repository has one, so the record is kept small.
    private var added: [String: Digest32] = [:]
    private var disposed: Set<String> = []
    private(set) var problems: [String] = []

    mutating func visit(_ entry: LedgerEntry) {
        if EventType.addsItem.contains(entry.type), let itemID = entry.itemID {
            // Hashing fails only when the crypto library is out of memory; the zero digest then
            // recorded matches no disposal's, which is reported rather than excused.
            added[itemID] = Self.binding(caseID: entry.caseID, commitment: entry.commitment) ?? Digest32.zero
            return
        }
        guard entry.type == EventType.itemDisposed else { return }
        guard let itemID = entry.itemID, let item = added[itemID] else {
            problems.append("ledger entry \(entry.seq) disposes of \(entry.itemID.map { "item \($0)" } ?? "no item"), which no earlier entry added")
            return
        }
        let binding = Self.binding(caseID: entry.caseID, commitment: entry.commitment)
        if entry.commitment == nil || binding == nil || binding != item {
            problems.append("ledger entry \(entry.seq) disposes of item \(itemID) under another case or commitment than the item was added with")
        }
        if !disposed.insert(itemID).inserted {
            problems.append("ledger entry \(entry.seq) disposes of item \(itemID) a second time")
        }
    }

    /// The SHA-256 of the case and commitment, each length-prefixed and told apart from absent,
    /// so that two bindings are equal exactly when both members are (short of a SHA-256
    /// collision). Nil when hashing fails.
    static func binding(caseID: String?, commitment: [UInt8]?) -> Digest32? {
        var bytes: [UInt8] = []
        for member in [caseID.map { Array($0.utf8) }, commitment] {
            guard let member else {
                bytes.append(0)
                continue
            }
            bytes.append(1)
            withUnsafeBytes(of: UInt64(member.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: member)
        }
        return (try? SHA256.hash(bytes)).flatMap(Digest32.init)
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
