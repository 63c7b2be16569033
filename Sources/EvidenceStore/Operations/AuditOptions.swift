/// What an auditor brings from outside the repository: the only things `audit` trusts.
public struct AuditOptions: Sendable {
    /// The log's verifier key as the auditor holds it (never the copy in the repository).
    public var verifierKey: NoteVerifierKey
    /// Checkpoints the auditor kept from earlier (a file name to report, and its bytes).
    public var trustedCheckpoints: [(name: String, bytes: [UInt8])]
    /// Witnesses (cosignature keys, type 0x04) that must have cosigned this log.
    public var witnessKeys: [NoteVerifierKey]

    public init(verifierKey: NoteVerifierKey, trustedCheckpoints: [(name: String, bytes: [UInt8])] = [],
                witnessKeys: [NoteVerifierKey] = []) {
        self.verifierKey = verifierKey
        self.trustedCheckpoints = trustedCheckpoints
        self.witnessKeys = witnessKeys
    }
}
