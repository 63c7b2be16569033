/// The projected tables of an in-memory catalog (InMemoryCatalog) as plain Swift values: the
/// same tables and columns as the SQLite catalog's (docs/HOST-STATE.md), keyed as its primary
/// keys are, so that a write that breaks a key fails here as it fails there.
///
/// A value type: a write transaction changes a copy and the catalog installs it whole, so a
/// thrown error leaves nothing behind and readers keep the copy they took.
struct InMemoryCatalogTables: Sendable {
    /// A row of `entries`: what `EntryRecord` reads, and the key id of its sealed part.
    struct Entry: Sendable, Equatable {
        var record: EntryRecord
        /// class << 24 | generation (migration v8), nil without a sealed part.
        var sealedKey: Int64?
    }

    /// A row of `users`. `order` stands in for SQLite's rowid: the first of several users of a
    /// name is the one inserted first.
    struct User: Sendable, Equatable {
        var id: String
        var name: String?
        var sealingKey: String
        var signingKey: String
        var roles: String?
        var registeredSeq: Int64
        var registeredAt: String
        var clearance: String?
        var disabledSeq: Int64?
        var order: Int64
    }

    struct Invitation: Sendable, Equatable {
        var userID: String
        var name: String?
        var roles: String?
        var clearance: String?
        var addedSeq: Int64
        var addedBy: String
        var enrolledSeq: Int64?
    }

    struct MemberKey: Sendable, Hashable {
        var caseID: String
        var userID: String
        var grantedSeq: Int64
    }

    struct Member: Sendable, Equatable {
        var role: String
        var revokedSeq: Int64?
    }

    struct KeyHolder: Sendable, Hashable {
        var caseID: String
        var generation: Int64
        var holder: String
    }

    struct Policy: Sendable, Equatable {
        var hash: String
        var text: String?
        var appliedBy: String
        var appliedAt: String
    }

    struct RecoverySlot: Sendable, Equatable {
        var label: String?
        var addedSeq: Int64
        var removedSeq: Int64?
    }

    struct Snapshot: Sendable, Equatable {
        var size: Int64
        var mac: [UInt8]
        var state: [UInt8]
    }

    struct Bucket: Sendable, Equatable {
        /// When the stored snapshot stopped naming it (seconds since 1970), nil while named.
        var retiredAt: Int64?
        var items: [UInt8]
    }

    var meta: [String: String] = [:]
    var entries: [Int64: Entry] = [:]
    var users: [String: User] = [:]
    var cases: [String: CaseRecord] = [:]
    var caseKeyHolders: Set<KeyHolder> = []
    var items: [String: ItemRecord] = [:]
    var recoverySlots: [String: RecoverySlot] = [:]
    var caseMembers: [MemberKey: Member] = [:]
    var policies: [Int64: Policy] = [:]
    var invitations: [String: Invitation] = [:]
    var custody: [Int64: CustodyTransferRecord] = [:]
    var holds: [String: HoldRecord] = [:]
    var visibility: [String: String] = [:]
    var authority: Snapshot?
    var buckets: [[UInt8]: Bucket] = [:]
}
