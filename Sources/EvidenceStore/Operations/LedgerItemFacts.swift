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

    private(set) var added: [Added] = []
    /// The newest `item.disposed` entry of each item, valid or not.
    private(set) var disposals: [String: UInt64] = [:]
    var disposalCheck = DisposalEntryCheck()
    var envelopes = EnvelopeExpectations()
    /// Case ids are shared by many items: one copy of each.
    private var caseIDs: Set<String> = []

    mutating func visit(_ visit: LedgerVerifier.Visit) {
        let entry = visit.entry
        disposalCheck.visit(entry)
        if visit.isValid { envelopes.visit(entry) }
        if entry.type == EventType.itemDisposed, let itemID = entry.itemID { disposals[itemID] = entry.seq }
        guard EventType.addsItem.contains(entry.type) else { return }
        if let problem = Session.physicalItemProblem(entry) {
            added.append(.problem(problem))
            return
        }
        if entry.type == EventType.physicalItemAdded {
            added.append(.physical)
            return
        }
        guard let caseID = entry.caseID, let itemID = entry.itemID, let object = entry.object else {
            added.append(.problem("ledger entry \(entry.seq) adds an item without naming its case, id and object"))
            return
        }
        // Applied with its visibility facts, the entry put the item and this object into the
        // authority state, where no later valid entry removes it (a re-sealing replaces it).
        let held = visit.applied && AuthorityState.visibility(entry.publicPart ?? [:]) != nil
        added.append(.item(seq: entry.seq, itemID: disposalCheck.shared(itemID), caseID: interned(caseID),
                           added: held ? nil : object))
    }

    private mutating func interned(_ caseID: String) -> String {
        if let known = caseIDs.firstIndex(of: caseID) { return caseIDs[known] }
        caseIDs.insert(caseID)
        return caseID
    }

    /// The object an item's entry named, when the authority state no longer says (see `Added`).
    static func object(of item: AuthorityState.Item?, added: LedgerEntry.ObjectRef?) -> LedgerEntry.ObjectRef? {
        item?.object ?? added
    }
}
