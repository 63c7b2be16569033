import EvidenceStore

/// The signed checkpoint a proof is made against, and the keys that check its signature.
public struct CheckpointReference: Sendable, Codable, Equatable {
    /// The log key that signed it, in the note verifier key form.
    public var verifierKey: String
    /// Every log key with the first tree size it signs: a verifier who holds an earlier key
    /// follows the `log-key.rotated` entries to this one.
    public var logKeys: [LogKey]
    public var logKeyWasRotated: Bool
    /// The signed note, verbatim.
    public var signedNote: String
    public var treeSize: UInt64
    /// Hex.
    public var rootHash: String

    public struct LogKey: Sendable, Codable, Equatable {
        public var fromSize: UInt64
        public var verifierKey: String
    }

    init(_ view: LedgerView) {
        verifierKey = view.checkpointKey.encoded
        logKeys = view.logKeys.links.map { LogKey(fromSize: $0.fromSize, verifierKey: $0.key.encoded) }
        logKeyWasRotated = view.logKeyWasRotated
        signedNote = String(decoding: view.signedCheckpoint, as: UTF8.self)
        treeSize = view.checkpoint.size
        rootHash = Hex.encode(view.checkpoint.rootHash)
    }
}
