/// Who may do what, as the ledger's valid entries build it, in order (DESIGN principle 4a).
///
/// Users, their keys, roles, clearances and disabled state, case memberships, the policy in
/// force, the cases' classifications, statuses and holds, and the items' visibility classes
/// are all facts of the readable parts of entries (FORMAT §7.10), so anyone holding the
/// ledger, with no key at all, builds the same state. An entry whose signer lacked the
/// authority for it in the state before it is invalid: it changes nothing here, readers skip
/// it, and `verify` and `audit` report it. Local files (catalog, index) are caches of this,
/// never authorities.
public struct AuthorityState: Sendable, Equatable {
    public struct User: Sendable, Equatable {
        /// Roles and clearance from the invitation (`user.added`); the first user's are fixed.
        public var roles: [String]
        public var clearance: String?
        public var invitedAt: UInt64?
        public var registeredAt: UInt64?
        public var signingKey: [UInt8]?
        public var sealingKey: [UInt8]?
        public var disabledAt: UInt64?
        /// SHA-256 of the identity file the user's newest registration or passphrase change
        /// recorded (§5.3): a copy of an older identity file no longer signs them in.
        public var identityDigest: [UInt8]?
        /// The user's name where the projecting user could open it (a display annotation;
        /// never part of what makes an entry valid).
        public var name: String?

        public var isRegistered: Bool { registeredAt != nil }
        public var isDisabled: Bool { disabledAt != nil }
    }

    public struct Hold: Sendable, Equatable {
        /// The item the hold is on, or nil for the whole case.
        public var itemID: String?
        public var addedAt: UInt64
        public var releasedAt: UInt64?
        public var isActive: Bool { releasedAt == nil }
    }

    public struct StatusRecord: Sendable, Equatable {
        public var status: CaseStatus
        public var date: CalendarDate
        public var released: CalendarDate?
    }

    public struct Case: Sendable, Equatable {
        public var createdAt: UInt64
        public var createdBy: String
        public var classification: Classification
        public var keyGeneration: Int64
        /// Active members and their role in the case.
        public var members: [String: String]
        /// Whether anyone was ever granted membership (the creator's own grant comes first).
        public var everGranted: Bool
        public var status: StatusRecord?
        public var holds: [String: Hold]
        /// The newest valid `item.amended` that changed the classification or sensitivity of an
        /// item of the case: what the case's visibility fingerprint marks instead of listing
        /// hidden items (Visibility.fingerprints), so that it costs nothing per item.
        public var lastReclassified: UInt64? = nil
    }

    public struct Item: Sendable, Equatable {
        public var caseID: String
        public var addedAt: UInt64
        public var classification: Classification
        public var sensitive: Bool
        public var parentID: String?
        public var physical: Bool
        public var commitment: [UInt8]?
        public var object: LedgerEntry.ObjectRef?
        /// The names of the objects the item had before a reclassification re-sealed it,
        /// oldest first: destroyed on purpose once no live item of the case references them.
        public var superseded: [String] = []
        public var disposedAt: UInt64?
        public var isDisposed: Bool { disposedAt != nil }
    }

    public struct PolicyRecord: Sendable, Equatable {
        public var seq: UInt64
        public var hash: String
        public var text: String
        public var policy: Policy
    }

    /// A `recovery.used` with purpose `grant-case`: the `case.granted` right after it, by the
    /// same actor, for the same case, user and role, rests on it.
    /// A size that equality ignores: two states equal in what they say are equal however
    /// they were reached.
    public struct ChangeMark: Sendable, Equatable {
        public internal(set) var size: UInt64 = 0
        public static func == (lhs: ChangeMark, rhs: ChangeMark) -> Bool { true }
    }

    struct RecoveryGrant: Sendable, Equatable {
        var seq: UInt64
        var actor: String
        var caseID: String
        var userID: String
        var role: String
    }

    /// Entries admitted so far, valid or not: the sequence number the next entry must carry.
    public internal(set) var size: UInt64 = 0
    /// The time of the newest entry (times never go backwards).
    public internal(set) var lastTime: Timestamp?
    /// The size after the last entry that changed anything but `size` and `lastTime` (as
    /// far as this value knows: a state decoded from a snapshot counts from the snapshot).
    /// Entries after it only record reads and searches, so a stored snapshot from then on
    /// needs no update to be replayed to this state cheaply. Not part of the state's value.
    public internal(set) var lastChange = ChangeMark()
    /// The first user: the actor of `repository.created`, registered by entry 1.
    public internal(set) var firstUser: String?
    public internal(set) var users: [String: User] = [:]

    /// Each registered user's signing key, for checking a batch of entries ahead of the replay
    /// (VerifiedSignatures).
    public var signingKeys: [String: [UInt8]] { users.compactMapValues(\.signingKey) }
    public internal(set) var cases: [String: Case] = [:]
    public internal(set) var items = ItemStates()
    public internal(set) var policy: PolicyRecord?
    /// Users a `recovery.used` (grant-audit) gave the audit key.
    public internal(set) var auditKeyHolders: Set<String> = []
    var recoveryGrant: RecoveryGrant?

    public init() {}

    /// The roles of the first user, whom no invitation describes.
    public static let firstUserRoles = ["administrator"]
    public static let firstUserClearance = "BPSS"
}

extension AuthorityState {
    /// A user as the authorisation function sees them, with their memberships.
    public func subject(_ userID: String) -> AccessSubject? {
        guard let user = users[userID], user.isRegistered else { return nil }
        var caseRoles: [String: String] = [:]
        for (caseID, state) in cases {
            if let role = state.members[userID] { caseRoles[caseID] = role }
        }
        return AccessSubject(userID: userID, name: user.name ?? userID, roles: Set(user.roles),
                             clearance: user.clearance, disabled: user.isDisabled, caseRoles: caseRoles)
    }

    /// The user as one decision about `target` needs them: only the membership of the
    /// target's case, so that replaying a ledger of many cases does not walk every case per entry.
    func subject(_ userID: String, for target: AccessTarget) -> AccessSubject? {
        guard let user = users[userID], user.isRegistered else { return nil }
        var caseRoles: [String: String] = [:]
        if let caseID = target.caseID, let role = cases[caseID]?.members[userID] { caseRoles[caseID] = role }
        return AccessSubject(userID: userID, name: user.name ?? userID, roles: Set(user.roles),
                             clearance: user.clearance, disabled: user.isDisabled, caseRoles: caseRoles)
    }

    /// A case as a target; `reference` names it in refusals.
    public func target(caseID: String, reference: String? = nil) -> AccessTarget? {
        guard let state = cases[caseID] else { return nil }
        return .case(id: caseID, reference: reference ?? caseID, classification: state.classification)
    }

    /// An item as a target, with its current visibility class.
    public func target(itemID: String, caseReference: String? = nil) throws -> AccessTarget? {
        guard let item = try items.item(itemID), let state = cases[item.caseID] else { return nil }
        return .item(id: itemID, caseID: item.caseID, caseReference: caseReference ?? item.caseID,
                     caseClassification: state.classification, classification: item.classification,
                     sensitive: item.sensitive)
    }

    /// The holds in force that cover an item: on its case, on it, or on an item it was
    /// extracted from (a hold on an email covers its attachments).
    public func activeHolds(covering itemID: String) throws -> [(id: String, hold: Hold)] {
        guard let item = try items.item(itemID), let state = cases[item.caseID] else { return [] }
        var lineage: Set<String> = [itemID]
        var parent = item.parentID
        while let id = parent, lineage.insert(id).inserted { parent = try items.item(id)?.parentID }
        return state.holds.filter { $0.value.isActive && ($0.value.itemID.map(lineage.contains) ?? true) }
            .sorted { $0.value.addedAt < $1.value.addedAt }.map { ($0.key, $0.value) }
    }

    /// Whether an item of `caseID` not yet disposed of (and not among `excluded`) has the
    /// object `name` as its content: such an object must not be destroyed (objects are
    /// shared only within a case and class, §6).
    public func objectIsLive(caseID: String, name: String, excluding excluded: Set<String> = []) throws -> Bool {
        try items.contains { id, item in
            item.caseID == caseID && item.disposedAt == nil && item.object?.name == name && !excluded.contains(id)
        }
    }

    /// Registered, enabled users who may both manage users and apply a policy under `policy`:
    /// a policy or a disabling that leaves none would freeze administration for ever.
    func administrators(under policy: Policy, excluding excluded: String? = nil) -> [String] {
        users.keys.filter { id in
            guard id != excluded, let subject = subject(id, for: .repository), !subject.disabled else { return false }
            return Authorizer.decide(subject, .manageUsers, .repository, policy: policy).allowed
                && Authorizer.decide(subject, .applyPolicy, .repository, policy: policy).allowed
        }.sorted()
    }
}
