extension LedgerView {
    /// The log key that signs the newest checkpoint: entry 0's, or the newest rotation's.
    /// Proofs name this one, since it is the key an outsider checks the checkpoint with.
    public var checkpointKey: NoteVerifierKey { logKeys.key(forSize: checkpoint.size) }

    /// Whether the log key was ever rotated (the proofs then list the whole chain).
    public var logKeyWasRotated: Bool { logKeys.links.count > 1 }
}
