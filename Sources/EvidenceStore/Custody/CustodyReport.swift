import Foundation

/// Everything the printable custody report of one exhibit shows: its identity, continuity,
/// every ledger entry about it with its inclusion proof, and the signed checkpoint and log
/// key those proofs are checked against (rendered by `CustodyReportHTML`).
public struct CustodyReport: Sendable {
    /// One ledger entry about the exhibit, with its proof.
    public struct Event: Sendable {
        public let entry: EntryRecord
        public let actorName: String
        public let summary: String
        public let proof: InclusionProof
    }

    public let generatedAt: Timestamp
    public let generatedBy: String
    public let repositoryID: String
    public let item: ItemRecord
    public let caseReference: String
    public let caseTitle: String?
    public let continuity: ContinuityRecord
    public let events: [Event]
    public let checkpoint: Checkpoint
    /// The signed note exactly as `ledger/checkpoint` holds it.
    public let signedCheckpoint: String
    public let verifierKey: NoteVerifierKey
    /// After a log key rotation: every key the log used, oldest first, with the first tree
    /// size each signs (empty when the key was never rotated).
    public let logKeyChain: [LogKeyChain.Link]

    public init(generatedAt: Timestamp, generatedBy: String, repositoryID: String, item: ItemRecord,
                caseReference: String, caseTitle: String?, continuity: ContinuityRecord, events: [Event],
                checkpoint: Checkpoint, signedCheckpoint: String, verifierKey: NoteVerifierKey,
                logKeyChain: [LogKeyChain.Link] = []) {
        self.generatedAt = generatedAt
        self.generatedBy = generatedBy
        self.repositoryID = repositoryID
        self.item = item
        self.caseReference = caseReference
        self.caseTitle = caseTitle
        self.continuity = continuity
        self.events = events
        self.checkpoint = checkpoint
        self.signedCheckpoint = signedCheckpoint
        self.verifierKey = verifierKey
        self.logKeyChain = logKeyChain
    }

    /// One sentence for an entry about an item, from the parts the reader could open: through
    /// the entry's event type, or member by member when its sealed part does not fit the type.
    public static func describe(_ entry: EntryRecord) -> String {
        if entry.sealedState == OpenedEntry.PartState.locked.rawValue {
            return "\(entry.type) (its details are sealed under a key this reader does not hold)"
        }
        return typedSummary(entry) ?? memberSummary(entry)
    }
}
