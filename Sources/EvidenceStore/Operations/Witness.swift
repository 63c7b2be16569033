import Foundation

/// An independent witness of a repository's log (c2sp.org/tlog-cosignature).
///
/// The witness keeps, in its own state folder, the log's keys and the last checkpoint it
/// cosigned. It cosigns a newer checkpoint only when that checkpoint verifies with the log
/// key in force and a consistency proof from the last one verifies, so a forked, rolled
/// back or rewritten log never gathers its signature. Cosigned checkpoints go to
/// `ledger/cosigned/<size>` in the repository, one signature line per witness.
public enum Witness {
    public struct Outcome: Sendable {
        public let size: UInt64
        public let rootHash: [UInt8]
        /// The size this witness had cosigned before (nil the first time).
        public let previousSize: UInt64?
        /// The repository file now holding the cosigned checkpoint.
        public let path: String
    }

    /// Where a witness keeps what it knows of one log: `<state>/<hex SHA-256(origin)>/`,
    /// holding `log-keys` (as the host state keeps them) and `checkpoint`.
    static func memory(state: String, origin: String) throws -> HostState {
        HostState(root: state, repositoryID: Hex.encode(try SHA256.hash(Array(origin.utf8))))
    }

    public static func cosign(repositoryPath: String, witness: WitnessKey, state: String,
                              verifierKey: NoteVerifierKey?, wait: Double, now: Date = Date()) throws -> Outcome {
        let repository = try Repository(path: repositoryPath)
        let origin = repository.config.origin
        let memory = try memory(state: state, origin: origin)
        let directory = memory.directory
        // Created now, so that a state folder that cannot be written fails before the
        // repository is touched rather than after a cosignature the witness cannot remember.
        try memory.prepare()
        let remembered = try memory.recordedLogKeys()
        let previous = try memory.newestCheckpoint()
        var chain: LogKeyChain
        var previousCheckpoint: Checkpoint?
        if remembered == nil, previous != nil {
            // Starting afresh here would cosign without the consistency proof from the
            // checkpoint this witness already signed.
            throw EvidenceError(.data, "The witness state \(directory) is damaged (its log-keys file is missing or unreadable); restore it from a backup.")
        }
        if let remembered {
            if let verifierKey, remembered.chain.fromSize(of: verifierKey) == nil {
                throw EvidenceError(.usage, "This witness already follows \(origin) from the log key \(remembered.chain.first.identity); the key given is not one that log announced.")
            }
            guard let previous, let opened = try? SignedCheckpoint.open(
                previous, verifier: remembered.chain.key(forSize: Repository.claimedSize(previous) ?? 0)) else {
                throw EvidenceError(.data, "The witness state \(directory) is damaged (its checkpoint does not verify); restore it from a backup.")
            }
            chain = remembered.chain
            previousCheckpoint = opened.checkpoint
        } else {
            guard let verifierKey else {
                throw EvidenceError(.usage, field: .verifierKey,
                                    "This witness has not cosigned \(origin) before: give the log's verifier key\(cli: " with \(option: .verifierKey)").")
            }
            guard verifierKey.type == NoteVerifierKey.ed25519, NoteFormat.sameBytes(verifierKey.name, origin) else {
                throw EvidenceError(.usage, "The verifier key given is not an Ed25519 key named \(origin), this repository's log.")
            }
            chain = LogKeyChain(first: verifierKey)
        }

        let lock = try WriterLock(repositoryPath: repository.path, wait: wait)
        defer { lock.release() }
        let store = repository.ledger
        guard let signed = try store.readCheckpointBytes() else {
            throw EvidenceError(.data, "\(repository.path) has no ledger checkpoint to cosign.")
        }
        let claimed = Repository.claimedSize(signed) ?? 0
        let start = previousCheckpoint?.size ?? 0
        guard claimed >= start else {
            throw EvidenceError(.data, "The repository's newest checkpoint has \(claimed) entries, fewer than the \(start) this witness cosigned: the log was rolled back; not cosigned.")
        }
        do {
            try store.followLogKeys(&chain, in: start..<claimed, treeSize: claimed)
        } catch {
            throw EvidenceError(.data, "The log's key rotations cannot be followed (\(error)); not cosigned.")
        }
        let opened: SignedCheckpoint
        do {
            opened = try SignedCheckpoint.open(signed, verifier: chain.key(forSize: claimed))
        } catch {
            throw EvidenceError(.data, "ledger/checkpoint is not validly signed by the log key \(chain.key(forSize: claimed).identity) (\(error)); not cosigned.")
        }
        let checkpoint = opened.checkpoint
        if let previousCheckpoint {
            // The proof comes from the repository's tiles; only the two signed roots are trusted.
            do {
                let proof = try Merkle.consistencyProof(size1: previousCheckpoint.size, size2: checkpoint.size) { start, end in
                    try store.subtreeHash(start: start, end: end, treeSize: checkpoint.size)
                }
                try Merkle.verifyConsistency(size1: previousCheckpoint.size, size2: checkpoint.size,
                                             root1: previousCheckpoint.rootHash, root2: checkpoint.rootHash, proof: proof)
            } catch {
                throw EvidenceError(.data, "The checkpoint of \(checkpoint.size) entries is not consistent with the checkpoint of \(previousCheckpoint.size) entries this witness cosigned (\(error)): the log was forked or rewritten; not cosigned.")
            }
        } else {
            // First sight of the log: the tiles must at least reproduce the signed root.
            guard (try? store.rootHash(treeSize: checkpoint.size)) == checkpoint.rootHash else {
                throw EvidenceError(.data, "The ledger's tiles do not reproduce the root its checkpoint signs; not cosigned.")
            }
        }

        // Add this witness's line to whatever other witnesses already cosigned for this size.
        let path = store.cosignedPath(size: checkpoint.size)
        var note = opened.note
        if let existing = try FileSystem.readIfPresent(path, limit: LedgerStore.maxCheckpointBytes),
           let parsed = try? SignedNote.parse(existing), NoteFormat.sameBytes(parsed.text, note.text) {
            note = parsed
        }
        let timestamp = UInt64(max(0, now.timeIntervalSince1970))
        note = Cosignature.adding(try Cosignature.sign(note, witness: witness, timestamp: timestamp), to: note)
        try FileSystem.createDirectories((path as NSString).deletingLastPathComponent)
        try FileSystem.writeAtomically(path, note.encoded)
        // Remember only after the cosignature is stored: a failure above leaves the witness
        // where it was, and it cosigns this checkpoint again next time.
        try memory.recordCheckpoint(signed)
        try memory.recordLogKeys(chain, size: checkpoint.size)
        return Outcome(size: checkpoint.size, rootHash: checkpoint.rootHash, previousSize: previousCheckpoint?.size, path: path)
    }
}
