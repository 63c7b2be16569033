/// A checkpoint together with the signed note that carries it.
public struct SignedCheckpoint: Sendable, Equatable {
    public let checkpoint: Checkpoint
    public let note: SignedNote
    /// Which signatures verified; witness cosignatures appear as unverified.
    public let verification: NoteVerification

    /// Signs a checkpoint with the log key. The key name must be the origin, since
    /// `open` requires it, and the checkpoint must be strictly valid.
    public static func sign(_ checkpoint: Checkpoint, signer: NoteSigner) throws -> [UInt8] {
        try checkpoint.validate()
        guard NoteFormat.sameBytes(signer.name, checkpoint.origin) else {
            throw CheckpointError.originMismatch(origin: checkpoint.origin, keyName: signer.name)
        }
        return try SignedNote.sign(text: checkpoint.body, signers: [signer])
    }

    /// Parses a signed checkpoint, verifies the log key's signature (other signatures
    /// are ignored or reported as unverified), requires the key name to equal the
    /// origin, and parses the body strictly. Nothing is returned unless all hold.
    public static func open(_ bytes: [UInt8], verifier: NoteVerifierKey) throws -> SignedCheckpoint {
        let note = try SignedNote.parse(bytes)
        let verification = try note.verify(with: [verifier])
        let checkpoint = try Checkpoint(parsingBody: note.text)
        // The log key's name is what binds the signature to this log: a checkpoint of
        // another log signed by the same key must not pass as ours.
        guard NoteFormat.sameBytes(checkpoint.origin, verifier.name) else {
            throw CheckpointError.originMismatch(origin: checkpoint.origin, keyName: verifier.name)
        }
        return SignedCheckpoint(checkpoint: checkpoint, note: note, verification: verification)
    }
}
