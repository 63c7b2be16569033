/// The keys a reader holds, for opening the sealed parts of ledger entries.
public protocol KeyChain: Sendable {
    /// The repository key of a keyring generation (every user holds it).
    func repositoryKey(generation: UInt32) throws -> SecretBytes?
    /// The derived keys of a case's class key (`keyID`: class << 24 | generation), if the reader holds it.
    func caseKeys(caseID: String, keyID: UInt32) throws -> CaseKeys?
    /// The audit private key, for auditors.
    func auditKey() throws -> X25519.PrivateKey?
}

/// Opens what a reader can of each entry's sealed parts.
public enum EntryOpener {
    /// `showingSealed`: whether the reader may see what the sealed part is about
    /// (`Visibility.showsSealedPart`); when not, it is not even decrypted, only marked
    /// `hidden` (or `locked` when the reader holds no key for it anyway).
    public static func open(_ entry: LedgerEntry, leafHash: [UInt8], repositoryID: String,
                            keys: KeyChain, showingSealed: Bool = true) throws -> OpenedEntry {
        var sealed: [String: JSONValue]?
        var sealedState = OpenedEntry.PartState.none
        var sealedKeyID: UInt32?
        if let box = entry.sealed {
            let context = LedgerEntry.partContext(repositoryID: repositoryID, seq: entry.seq, part: "sealed")
            let header: SealedBox.Header
            do { header = try SealedBox.header(of: box) } catch {
                throw FormatError("ledger entry \(entry.seq): its sealed part is malformed (\(error))")
            }
            let generation = header.generation ?? 0
            sealedKeyID = header.generation
            let key: SecretBytes?
            if let caseID = entry.caseID {
                key = try keys.caseKeys(caseID: caseID, keyID: generation)?.partKey
            } else {
                key = try keys.repositoryKey(generation: generation)
            }
            if key != nil, !showingSealed {
                sealedState = .hidden
            } else if let key {
                sealed = try decode(box, what: "sealed part", entry: entry) {
                    try SealedBox.open(box, key: key, context: context)
                }
                sealedState = .open
            } else {
                sealedState = .locked
            }
        }
        var audit: [String: JSONValue]?
        var auditState = OpenedEntry.PartState.none
        if let box = entry.audit {
            if let auditKey = try keys.auditKey() {
                let context = LedgerEntry.partContext(repositoryID: repositoryID, seq: entry.seq, part: "audit")
                audit = try decode(box, what: "audit part", entry: entry) {
                    try SealedBox.open(box, with: auditKey, context: context)
                }
                auditState = .open
            } else {
                auditState = .locked
            }
        }
        return OpenedEntry(entry: entry, leafHash: leafHash, sealed: sealed, sealedState: sealedState,
                           sealedKeyID: sealedKeyID, audit: audit, auditState: auditState)
    }

    private static func decode(_ box: [UInt8], what: String, entry: LedgerEntry,
                               open: () throws -> [UInt8]) throws -> [String: JSONValue] {
        let plaintext: [UInt8]
        do {
            plaintext = try open()
        } catch CryptoError.authenticationFailed {
            throw FormatError("ledger entry \(entry.seq): its \(what) fails authentication (altered or moved)")
        } catch let error as SealedBoxError {
            throw FormatError("ledger entry \(entry.seq): its \(what) is malformed (\(error))")
        }
        do {
            guard let members = try JSONParser.parseCanonical(plaintext, limits: .init(maxBytes: 1 << 16)).objectValue else {
                throw FormatError("ledger entry \(entry.seq): its \(what) is not a JSON object")
            }
            return members
        } catch let failure as JSONParser.Failure {
            throw FormatError("ledger entry \(entry.seq): its \(what) is not valid (\(failure))")
        }
    }

    /// Seals a draft's parts for appending as entry `seq`.
    static func seal(_ part: [String: JSONValue], repositoryID: String, seq: UInt64, name: String,
                     key: SecretBytes, generation: UInt32) throws -> [UInt8] {
        try SealedBox.seal(CanonicalJSON.encode(.object(part)), key: key, generation: generation,
                           context: LedgerEntry.partContext(repositoryID: repositoryID, seq: seq, part: name))
    }

    static func sealAudit(_ part: [String: JSONValue], repositoryID: String, seq: UInt64,
                          auditPublicKey: [UInt8]) throws -> [UInt8] {
        try SealedBox.seal(CanonicalJSON.encode(.object(part)), to: auditPublicKey,
                           context: LedgerEntry.partContext(repositoryID: repositoryID, seq: seq, part: "audit"))
    }
}
