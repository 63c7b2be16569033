/// What an auditor brings from outside the repository: the only things `audit` trusts.
public struct AuditOptions: Sendable {
    /// The log's verifier key as the auditor holds it (never the copy in the repository).
    public var verifierKey: NoteVerifierKey
    /// Checkpoints the auditor kept from earlier (a file name to report, and its bytes).
    public var trustedCheckpoints: [(name: String, bytes: [UInt8])]
    /// Witnesses (cosignature keys, type 0x04) that must have cosigned this log.
    public var witnessKeys: [NoteVerifierKey]
    /// Folders where the replayed items' state may be set aside on disk while audit runs,
    /// tried in order (ItemBucketSpill); with none, it stays in memory.
    public var spillFolders: [String]

    public init(verifierKey: NoteVerifierKey, trustedCheckpoints: [(name: String, bytes: [UInt8])] = [],
                witnessKeys: [NoteVerifierKey] = [], spillFolders: [String] = []) {
        self.verifierKey = verifierKey
        self.trustedCheckpoints = trustedCheckpoints
        self.witnessKeys = witnessKeys
        self.spillFolders = spillFolders
    }
}
