/// What `verify` and `audit` need of the ledger's items and key files, folded from the entries
/// as the ledger pass hands them over (LedgerVerifier.run's `visit`), so that no entry is kept.
///
/// Per item it keeps a compact record (its entry's sequence number, item id and case, and the
/// object the entry names only when the authority state will not hold it) and, for the
/// disposal checks, the case and commitment the item was added with: the checks that need the
/// whole ledger (disposals come after the items they dispose of) run over these afterwards.
struct LedgerItemFacts {
    /// One entry that adds an item, in ledger order.
    enum Added {
        /// Malformed: reported as it stands, and not counted.
        case problem(String)
        /// A physical exhibit: its entry is the whole of what there is to check.
        case physical
        /// `added` is the object the entry names, kept only when the authority state does not
        /// hold the item with it (an invalid entry, or one the replay did not apply).
        case item(seq: UInt64, itemID: String, caseID: String, added: LedgerEntry.ObjectRef?)
    }

    /// The entries in ledger order, compact: a repository's every item has one, and verify and
    /// audit hold them all until the ledger pass ends (`added` gives them back as `Added`).
    private var records: [Record] = []
    private var problems: [String] = []
    /// Case ids are shared by many items: one copy of each, named by its index.
    private var cases: [String] = []
    private var caseIndexes: [String: UInt32] = [:]
    /// The objects kept for `Added.item`'s `added`, by record index (rare: see `Added`).
    private var objects: [Int: LedgerEntry.ObjectRef] = [:]
    /// The newest `item.disposed` entry of each item, valid or not.
    private(set) var disposals: [String: UInt64] = [:]
    var disposalCheck = DisposalEntryCheck()
    var envelopes = EnvelopeExpectations()

    private enum Record {
        case problem(index: Int)
        case physical
        case item(seq: UInt64, itemID: String, caseIndex: UInt32)
    }

    /// Every entry that adds an item, in ledger order.
    var added: some Sequence<Added> {
        records.lazy.enumerated().map { index, record -> Added in
            switch record {
            case .problem(let problem): .problem(problems[problem])
            case .physical: .physical
            case .item(let seq, let itemID, let caseIndex):
                .item(seq: seq, itemID: itemID, caseID: cases[Int(caseIndex)], added: objects[index])
            }
        }
    }

    mutating func visit(_ visit: LedgerVerifier.Visit) {
        let entry = visit.entry
        disposalCheck.visit(entry)
        if visit.isValid { envelopes.visit(entry) }
        if entry.type == EventType.itemDisposed, let itemID = entry.itemID { disposals[itemID] = entry.seq }
        guard EventType.addsItem.contains(entry.type) else { return }
        if let problem = Session.physicalItemProblem(entry) {
            appendProblem(problem)
            return
        }
        if entry.type == EventType.physicalItemAdded {
            records.append(.physical)
            return
        }
        guard let caseID = entry.caseID, let itemID = entry.itemID, let object = entry.object else {
            appendProblem("ledger entry \(entry.seq) adds an item without naming its case, id and object")
            return
        }
        // Applied with its visibility facts, the entry put the item and this object into the
        // authority state, where no later valid entry removes it (a re-sealing replaces it).
        let held = visit.applied && AuthorityState.visibility(entry.publicPart ?? [:]) != nil
        if !held { objects[records.count] = object }
        records.append(.item(seq: entry.seq, itemID: disposalCheck.shared(itemID), caseIndex: caseIndex(caseID)))
    }

    private mutating func appendProblem(_ problem: String) {
        records.append(.problem(index: problems.count))
        problems.append(problem)
    }

    private mutating func caseIndex(_ caseID: String) -> UInt32 {
        if let known = caseIndexes[caseID] { return known }
        let index = UInt32(truncatingIfNeeded: cases.count)
        cases.append(caseID)
        caseIndexes[caseID] = index
        return index
    }

    /// The object an item's entry named, when the authority state no longer says (see `Added`).
    static func object(of item: AuthorityState.Item?, added: LedgerEntry.ObjectRef?) -> LedgerEntry.ObjectRef? {
        item?.object ?? added
    }
}
