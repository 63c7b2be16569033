import EvidenceStore

/// What `verify` (with keys) or `audit` (without) found: every problem as a sentence, and
/// what was checked. docs/VERIFICATION.md defines the counts.
public struct IntegrityReport: Sendable, Codable, Equatable {
    public var problems: [String]
    public var notes: [String]
    public var treeSize: UInt64
    public var checkpointsChecked: Int
    public var entriesChecked: Int
    public var itemsChecked: Int
    public var itemsDisposed: Int
    public var objectsDecrypted: Int
    public var objectsWithoutKeys: Int
    public var bytesVerified: UInt64
    public var uncommittedTail: UInt64
    /// The ledger entry that recorded this verification (verify with keys records it).
    public var recordedAt: UInt64?
    public var envelopesChecked: Int
    public var trustedCheckpointsChecked: Int
    /// The trusted checkpoints an audit was given (this host's newest included).
    public var trustedCheckpointsGiven = 0
    public var witnessed: [WitnessCoverage]

    /// How far one witness has cosigned the log.
    public struct WitnessCoverage: Sendable, Codable, Equatable {
        public var witness: String
        public var size: UInt64
    }

    public var isIntact: Bool { problems.isEmpty }

    public init(_ report: VerificationReport) {
        problems = report.problems
        notes = report.notes
        treeSize = report.treeSize
        checkpointsChecked = report.checkpointsChecked
        entriesChecked = report.entriesChecked
        itemsChecked = report.itemsChecked
        itemsDisposed = report.itemsDisposed
        objectsDecrypted = report.objectsDecrypted
        objectsWithoutKeys = report.objectsWithoutKeys
        bytesVerified = report.bytesVerified
        uncommittedTail = report.uncommittedTail
        recordedAt = report.recordedAt
        envelopesChecked = report.envelopesChecked
        trustedCheckpointsChecked = report.trustedCheckpointsChecked
        witnessed = report.witnessed.map { WitnessCoverage(witness: $0.witness, size: $0.size) }
    }
}

/// A signed checkpoint an auditor trusts (kept from earlier, or this host's newest), which
/// the ledger must still extend.
public struct TrustedCheckpoint: Sendable, Codable, Equatable {
    /// Where it came from, for the report's sentences.
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}
