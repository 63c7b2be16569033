/// The catalog as the rest of the store uses it: the seam a further catalog (PostgreSQL, for a
/// server shared by several hosts) implements. `Catalog` is the SQLite one; `InMemoryCatalog`
/// (Catalog/Memory/) holds the same tables as Swift values, for tests and for services that keep
/// no per-host files. Both must pass one conformance suite
/// (Tests/EvidenceStoreTests/StorageConformance/CatalogConformanceTests.swift), which projects
/// the same real ledger into each and requires every question below to be answered alike, and
/// as that ledger says; a further implementation joins its subjects and must pass it too.
///
/// The catalog is a projection of the ledger and nothing in it is authoritative: rebuilding it
/// replays the ledger (`evidence rebuild`), and `evidence verify` projects the ledger afresh and
/// compares. So an implementation keeps no fact of its own; it answers the questions below about
/// what has been projected, and takes the projection's writes, each set in one transaction.
///
/// The operations are named by the question they answer and take and return the store's own
/// records (CatalogRecords.swift); the query language stays inside the implementation. They are
/// synchronous, as the session that calls them is (a session runs on a thread of its own; see
/// docs/STORAGE.md §5), unlike the async object and ledger stores, which a server calls from tasks.
///
/// The session still holds `Catalog` itself rather than this protocol; it can be made generic
/// over its catalog (generic, not `any`: the scopes' types are associated, so calls stay
/// direct) when it is to run on another implementation.
protocol CatalogStore: AnyObject, Sendable {
    associatedtype Reader: CatalogReading
    associatedtype Writer: CatalogWriting

    /// Where the buckets of the stored authority snapshot are read from, by digest, inside or
    /// outside a transaction (a lookup made while the catalog is caught up reads in that
    /// transaction).
    var itemBucketSource: any ItemBucketSource { get }

    /// Runs `body` in one read transaction: every question it asks sees the same projection.
    func read<T>(_ body: (Reader) throws -> T) throws -> T

    /// Runs `body` in one write transaction: all of its writes happen, or none (a thrown error
    /// rolls them back). Two processes catching up at once must not both project the same entries,
    /// so an implementation serialises write transactions.
    func write<T>(_ body: (Writer) throws -> T) throws -> T
}

/// The questions a catalog answers, within a read (or write) transaction. Ledger positions read
/// back are the stored `Int64`s, as projected: what a missing or tampered value means is the
/// caller's to decide (the catalog is a cache, and `verify` reports what differs).
protocol CatalogReading {
    // Watermark (Catalog+Watermark.swift): how far the projection has come.
    /// The tree size the catalog is projected to (0 when none is recorded).
    func watermarkTreeSize() throws -> Int64
    /// The hex root hash of the tree at the watermark, as recorded.
    func watermarkRoot() throws -> String?
    /// The repository id the catalog was projected from.
    func watermarkRepository() throws -> String?

    // Locked parts (Catalog+Locks.swift): sealed and audit parts projected while locked.
    /// Per case, the key ids (class << 24 | generation) of sealed parts the projection could not open.
    func lockedCases() throws -> [(String, UInt32)]
    func hasLockedRepositoryEntries() throws -> Bool
    func hasLockedAuditParts() throws -> Bool

    // Authority snapshot (CatalogScope+Authority.swift): the cache Session+Snapshot.swift keeps.
    func authoritySnapshot() throws -> (size: UInt64, bytes: [UInt8], mac: [UInt8])?
    func authoritySnapshotMark() throws -> AuthoritySnapshot.Mark?

    // Visibility (Catalog+Visibility.swift): what each case was projected under.
    func visibilityFingerprints() throws -> [String: String]
    func caseEntries(caseID: String, before: UInt64) throws -> [(seq: UInt64, invalid: String?)]

    // Entries (Catalog+Entries.swift).
    func lastEntrySeq() throws -> Int64?
    func entries(ofItem itemID: String) throws -> [EntryRecord]
    func entriesPage(after seq: Int64, caseID: String?, types: Set<String>, limit: Int) throws -> [EntryRecord]

    // Items (Catalog+Items.swift).
    func itemRecord(id: String) throws -> ItemRecord?
    func itemRecords(ids: [String]) throws -> [ItemRecord]
    func itemsDerived(from parentID: String) throws -> [ItemRecord]
    func itemsPage(inCases caseIDs: [String], afterAddedSeq cursor: Int64, limit: Int) throws -> [ItemRecord]
    func firstLiveObject(caseID: String, objectName: String) throws -> CommittedObjectRecord?

    // The search index's source (Catalog+Indexing.swift).
    func indexableItems(caseID: String, from: UInt64, before: UInt64, limit: Int) throws -> [ItemRecord]
    func indexableItemCount(caseID: String) throws -> Int
    func indexableItem(id: String) throws -> ItemRecord?
    func itemChanges(caseID: String, from seq: UInt64, types: Set<String>) throws -> (items: [String], events: Int)

    // Cases (Catalog+Cases.swift).
    func caseRecord(id: String) throws -> CaseRecord?
    func casesWithReadableReference() throws -> [CaseRecord]
    func caseIDs() throws -> [String]
    func caseKeyHoldersAndMembers() throws -> [String]

    // Users (Catalog+Users.swift).
    func userName(id: String) throws -> String?
    func registeredUserNames() throws -> [(id: String, name: String?)]
    func userID(named name: String) throws -> String?
    func userIDs(named name: String) throws -> [String]
    func userOrPendingInvitationID(named name: String) throws -> String?
    func pendingInvitation(userID: String) throws -> PendingInvitationRecord?
    func namesOfUsersAndInvitations() throws -> [String: String]

    // Policies, custody, holds (Catalog+Policies.swift, Catalog+Custody.swift, Catalog+Holds.swift).
    func newestPolicyText() throws -> String?
    func custodyTransfers(itemID: String) throws -> [CustodyTransferRecord]
    func holds(ofCase caseID: String) throws -> [HoldRecord]

    // Verification (Catalog+Projection.swift).
    /// What differs between this (the stored catalog) and `expected` (projected afresh from the
    /// ledger), one sentence per row, ordered by table and then by row key.
    func problems(comparedWith expected: Self) throws -> [String]
}

/// The projection's writes, within a write transaction (which may also ask every question).
protocol CatalogWriting: CatalogReading {
    /// Applies one ledger entry (CatalogProjector); `invalid`: why its signer lacked the
    /// authority for it, and then it is listed, marked, and changes nothing else.
    func project(_ opened: OpenedEntry, invalid: String?) throws
    /// Removes every projected row, keeping the schema (rebuild).
    func clear() throws
    /// Deletes what a case's entries before `before` projected (its visibility changed).
    func removeCaseRows(caseID: String, before: UInt64) throws
    func storeVisibilityFingerprints(_ fingerprints: [String: String], replacing stored: [String: String]) throws
    func setWatermark(repositoryID: String, treeSize: UInt64, root: [UInt8]) throws
    /// Stores a sealed authority snapshot with the buckets it made (docs/HOST-STATE.md §1);
    /// false, storing no snapshot, when a bucket it names and did not make is not stored. (The
    /// buckets it made may stay: they are named by their digest, and the next snapshot stored
    /// retires those it does not name. Both implementations do so.)
    func storeAuthoritySnapshot(size: UInt64, sealed: AuthoritySnapshot.Sealed) throws -> Bool
}

extension CatalogWriting {
    /// Applies a valid entry.
    func project(_ opened: OpenedEntry) throws {
        try project(opened, invalid: nil)
    }
}
