import Foundation

/// What one user may see of what an authority state describes: the rule by which their
/// catalog keeps opened sealed parts and their search index keeps documents (docs/HOST-STATE.md §3).
///
/// It is the visibility step of `Authorizer.decide` for `view-metadata` (membership, clearance
/// against the case's and the item's classification, sensitive material only for the roles of
/// the policy's `sensitive-material`), asked of the ledger-derived state, never of the catalog.
/// A disabled user is judged as if enabled: disabling stops them acting, and what their host
/// keeps follows their memberships like anyone's.
public struct Visibility: Sendable {
    /// A visibility class: classification and sensitivity.
    struct ItemClass: Hashable, Sendable {
        var classification: Classification
        var sensitive: Bool
    }

    static let itemClasses: [ItemClass] = Classification.allCases.flatMap { classification in
        [false, true].map { ItemClass(classification: classification, sensitive: $0) }
    }

    public let userID: String
    let state: AuthorityState
    /// Per case: whether the user sees the case, and the item classes they see in it (the
    /// decision depends on nothing else, so it is made once per case and class).
    private let cases: [String: (sees: Bool, classes: Set<ItemClass>)]

    public init(state: AuthorityState, userID: String) {
        self.userID = userID
        self.state = state
        var subject = state.subject(userID)
        subject?.disabled = false
        var cases: [String: (Bool, Set<ItemClass>)] = [:]
        for (caseID, record) in state.cases {
            guard let subject, let policy = state.policy?.policy else {
                cases[caseID] = (false, [])
                continue
            }
            func sees(_ target: AccessTarget) -> Bool {
                Authorizer.decide(subject, .viewMetadata, target, policy: policy).outcome != .invisible
            }
            let seesCase = sees(.case(id: caseID, reference: caseID, classification: record.classification))
            // The same rule decides which class keys a member is sealed (FORMAT §5.6).
            var classes: Set<ItemClass> = []
            if let role = subject.caseRoles[caseID] {
                for keyClass in KeyClass.visible(to: subject, role: role, caseID: caseID,
                                                 caseClassification: record.classification, policy: policy) {
                    if let (classification, sensitive) = keyClass.material {
                        classes.insert(ItemClass(classification: classification, sensitive: sensitive))
                    }
                }
            }
            cases[caseID] = (seesCase, classes)
        }
        self.cases = cases
    }

    /// Whether the user sees the case: a member, cleared for its classification.
    public func seesCase(_ caseID: String) -> Bool { cases[caseID]?.sees ?? false }

    /// Whether the user would see an item of this class in the case.
    public func sees(caseID: String, classification: Classification, sensitive: Bool) -> Bool {
        cases[caseID]?.classes.contains(ItemClass(classification: classification, sensitive: sensitive)) ?? false
    }

    /// Whether the user sees the item, in its current class (an item the state does not know,
    /// such as one an invalid entry added, is seen by nobody).
    public func seesItem(_ itemID: String) throws -> Bool {
        guard let item = try state.items.item(itemID) else { return false }
        return sees(caseID: item.caseID, classification: item.classification, sensitive: item.sensitive)
    }

    /// Whether the user's catalog keeps the opened sealed part of `entry`: for an entry about
    /// an item, when they see the item; for a search record, when they ran it or see an item
    /// of the class of what it found (its public `classification` and `sensitive`; a record
    /// without them counts as SECRET and sensitive); for another entry of a case, when they
    /// see the case; outside any case, always.
    public func showsSealedPart(of entry: LedgerEntry) throws -> Bool {
        if entry.type == EventType.searchRun, let caseID = entry.caseID {
            if entry.actor == userID { return true }
            let found = Self.searchClass(entry.publicPart ?? [:])
            return sees(caseID: caseID, classification: found.classification, sensitive: found.sensitive)
        }
        if let itemID = entry.itemID { return try seesItem(itemID) }
        if let caseID = entry.caseID { return seesCase(caseID) }
        return true
    }

    /// The class a search record says its hits had, or the highest when it does not say.
    static func searchClass(_ facts: [String: JSONValue]) -> ItemClass {
        guard let (classification, sensitive) = AuthorityState.visibility(facts) else {
            return ItemClass(classification: .secret, sensitive: true)
        }
        return ItemClass(classification: classification, sensitive: sensitive)
    }

    /// Per case created before ledger position `before`: a digest of what the user sees of it
    /// (whether they see the case, which item classes, and the newest reclassification of one
    /// of its items). Rows projected under one visibility stay right while the digest stays the
    /// same: with the case and class lines unchanged, the set of hidden items can only change
    /// when an item changes class, which changes the mark. Re-projecting a case at every
    /// reclassification is more than needed (the item may have been added after `before`, or
    /// stayed visible), but reclassifications are rare, and the digest costs nothing per item,
    /// so adding material re-projects nothing and computing it does not grow with the items.
    public func fingerprints(before: UInt64) -> [String: String] {
        var result: [String: String] = [:]
        for (caseID, record) in state.cases where record.createdAt < before {
            var text = "evidence/v1/visibility\ncase \(seesCase(caseID) ? 1 : 0)\n"
            for itemClass in Self.itemClasses {
                let seen = sees(caseID: caseID, classification: itemClass.classification, sensitive: itemClass.sensitive)
                text += "class \(itemClass.classification.rawValue) \(itemClass.sensitive ? 1 : 0) \(seen ? 1 : 0)\n"
            }
            if let seq = record.lastReclassified { text += "reclassified \(seq)\n" }
            // SHA-256 cannot fail on an in-memory string short of memory exhaustion; an empty
            // digest would only make the next comparison fail and re-project the case.
            result[caseID] = (try? SHA256.hash(Array(text.utf8))).map(Hex.encode) ?? ""
        }
        return result
    }
}
