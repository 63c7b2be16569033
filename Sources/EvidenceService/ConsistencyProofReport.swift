import EvidenceStore

/// A consistency proof (RFC 9162 §2.1.4) that the ledger extends an older signed
/// checkpoint, whose signature was checked with the log key of its time
/// (`evidence prove --consistency`).
public struct ConsistencyProofReport: Sendable, Codable, Equatable {
    public var checkpoint: CheckpointReference
    /// The key that signed the older checkpoint (an earlier log key after a rotation).
    public var oldVerifierKey: String
    public var oldSignedNote: String
    public var oldSize: UInt64
    public var oldRoot: String
    public var newSize: UInt64
    public var newRoot: String
    /// Hex, in the order of RFC 9162 §2.1.4.1.
    public var path: [String]

    init(old: SignedCheckpoint, oldKey: NoteVerifierKey, proof: ConsistencyProof, view: LedgerView) {
        checkpoint = CheckpointReference(view)
        oldVerifierKey = oldKey.encoded
        oldSignedNote = String(decoding: old.note.encoded, as: UTF8.self)
        oldSize = proof.oldSize
        oldRoot = Hex.encode(proof.oldRoot)
        newSize = proof.newSize
        newRoot = Hex.encode(proof.newRoot)
        path = proof.path.map(Hex.encode)
    }
}
