/// The event types the ledger records. The format is never migrated: new versions of
/// evidence add types, and readers show unknown types by name without failing.
public enum EventType {
    public static let repositoryCreated = "repository.created"
    public static let identityRegistered = "identity.registered"
    public static let passphraseChanged = "identity.passphrase-changed"
    public static let caseCreated = "case.created"
    public static let itemAdded = "item.added"
    public static let itemRead = "item.read"
    public static let itemAmended = "item.amended"
    public static let verificationRun = "verification.run"
    public static let tailDropped = "ledger.tail-dropped"
    public static let recoverySlotAdded = "recovery-slot.added"
    public static let recoverySlotRemoved = "recovery-slot.removed"
    public static let policyApplied = "policy.applied"
    public static let userAdded = "user.added"
    public static let userDisabled = "user.disabled"
    public static let caseGranted = "case.granted"
    public static let caseRevoked = "case.revoked"
    public static let caseRekeyed = "case.rekeyed"
    public static let accessDenied = "access.denied"
    public static let recoveryUsed = "recovery.used"
    /// A part of an item (an email attachment, an mbox message) stored as an item of its own.
    public static let itemDerived = "item.derived"
    /// A search a user ran in a case: the disclosure search record.
    public static let searchRun = "search.run"
    /// A new log signing key, announced in an entry signed by the key it replaces.
    public static let logKeyRotated = "log-key.rotated"
    /// An item crypto-shredded: its object (holding its wrapped data key) is deleted after
    /// this entry commits, unless a live item of the same case shares it.
    public static let itemDisposed = "item.disposed"
    /// An item with no file: a physical exhibit (a knife in a sealed bag) and its continuity.
    public static let physicalItemAdded = "physical-item.added"
    /// A hand-over of an exhibit from one holder to another.
    public static let custodyTransferred = "custody.transferred"
    /// A legal hold on a case or an item: blocks disposal until released.
    public static let holdAdded = "hold.added"
    public static let holdReleased = "hold.released"
    /// The stage a case has reached (CPIA retention): drives when disposal is allowed.
    public static let caseStatus = "case.status"
    /// A retention review date set (or cleared) on an item or a case.
    public static let retentionSet = "retention.set"
    /// The outcome of a retention review of an item: retain or dispose.
    public static let retentionReviewed = "retention.reviewed"

    /// Types that bring an item into being: with its object, except `physical-item.added`,
    /// whose exhibit has no digital content (verify checks that it names none).
    public static let addsItem: Set<String> = [itemAdded, itemDerived, physicalItemAdded]

    /// Every type this version knows the authority rules of (FORMAT §7.10).
    public static let known: Set<String> = [
        repositoryCreated, identityRegistered, passphraseChanged, caseCreated, itemAdded, itemRead, itemAmended,
        verificationRun, tailDropped, recoverySlotAdded, recoverySlotRemoved, policyApplied, userAdded, userDisabled,
        caseGranted, caseRevoked, caseRekeyed, accessDenied, recoveryUsed, itemDerived, searchRun, logKeyRotated,
        itemDisposed, physicalItemAdded, custodyTransferred, holdAdded, holdReleased, caseStatus, retentionSet,
        retentionReviewed,
    ]

    /// Types whose valid entries change nothing in the authority state (`AuthorityState.apply`
    /// has no rule for them): they record reads, searches, refusals and verifications.
    static let recordsOnly: Set<String> = [itemRead, searchRun, accessDenied, verificationRun]

    /// Types that only the log key may sign (the key in force before the entry).
    static let signedByLog: Set<String> = [repositoryCreated, logKeyRotated]
}

/// What a command asks the ledger to record; the session fills in sequence, time,
/// sealing and signature.
public struct EventDraft: Sendable {
    public var type: String
    public var caseID: String?
    public var itemID: String?
    public var object: LedgerEntry.ObjectRef?
    public var commitment: [UInt8]?
    public var publicPart: [String: JSONValue]?
    /// Sealed to the audit key: who, why, and custody facts.
    public var auditPart: [String: JSONValue]?
    /// Sealed under the case key (or the repository key for events outside any case).
    public var sealedPart: [String: JSONValue]?

    public init(type: String, caseID: String? = nil, itemID: String? = nil, object: LedgerEntry.ObjectRef? = nil,
                commitment: [UInt8]? = nil, publicPart: [String: JSONValue]? = nil,
                auditPart: [String: JSONValue]? = nil, sealedPart: [String: JSONValue]? = nil) {
        self.type = type
        self.caseID = caseID
        self.itemID = itemID
        self.object = object
        self.commitment = commitment
        self.publicPart = publicPart
        self.auditPart = auditPart
        self.sealedPart = sealedPart
    }
}

/// An entry with whichever sealed parts the reader could open.
public struct OpenedEntry: Sendable {
    public enum PartState: String, Sendable {
        /// The entry has no such part.
        case none
        /// Opened with a key the reader holds.
        case open
        /// Sealed under a key the reader does not hold.
        case locked
        /// Sealed under a key the reader holds, about something they may not see (Visibility):
        /// left unopened, so that none of it reaches their host.
        case hidden
    }

    public let entry: LedgerEntry
    public let leafHash: [UInt8]
    public let sealed: [String: JSONValue]?
    public let sealedState: PartState
    /// The key id of the sealed part's box (class << 24 | generation), nil without one.
    public var sealedKeyID: UInt32?
    public let audit: [String: JSONValue]?
    public let auditState: PartState
}
