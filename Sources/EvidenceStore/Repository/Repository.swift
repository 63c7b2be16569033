import Foundation

/// An evidence repository folder: config, key files, objects and the ledger.
/// Everything in it is ciphertext or what an outsider may see (docs/FORMAT.md).
public final class Repository: Sendable {
    public let path: String
    public let config: RepositoryConfig
    public let ledger: LedgerStore

    public init(path: String) throws {
        self.path = path
        config = try RepositoryConfig.read(repositoryPath: path)
        ledger = LedgerStore(directory: (path as NSString).appendingPathComponent("ledger"))
    }

    public var repositoryID: String { config.repositoryID }

    public func file(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    /// `objects/<case id>/<first two hex digits>/<name>`.
    public func objectPath(caseID: String, name: String) -> String {
        file("objects/\(caseID)/\(name.prefix(2))/\(name)")
    }

    public func objectDirectory(caseID: String) -> String { file("objects/\(caseID)") }
}

/// What a reader knows about the ledger after checking the newest checkpoint: its
/// signature (by the log key the first entry announced), and that the tiles reproduce it.
public struct LedgerView: Sendable {
    public let checkpoint: Checkpoint
    public let signedCheckpoint: [UInt8]
    /// The key entry 0 announces (the one `evidence init` printed).
    public let logKey: NoteVerifierKey
    /// Every log key the ledger has announced; the last one signs new checkpoints.
    public let logKeys: LogKeyChain
    public let auditPublicKey: [UInt8]
    /// The public half of the recovery key's sealing key pair; every case key is sealed to it.
    public let recoveryPublicKey: [UInt8]
    /// Host-side findings (an older or inconsistent checkpoint than this host has seen); only
    /// a view read with `acceptingRollback` (verify, which reports them) carries any.
    public let warnings: [String]
    /// True when this host has seen a newer or conflicting checkpoint (only with `acceptingRollback`).
    public let rolledBack: Bool
}

extension Repository {
    /// Entry 0 (`repository.created`), read without trusting any checkpoint: from the
    /// first entry bundle in whatever width exists. Only used to learn which log key the
    /// repository announces; its signature by that key is checked here.
    func genesisEntry() throws -> LedgerEntry {
        let fullName = TilePath.entryBundle(index: 0, width: LedgerStore.tileWidth)
        var bundle = try FileSystem.readIfPresent(ledger.path(fullName), limit: LedgerStore.maxBundleBytes)
        if bundle == nil {
            let widths = try FileSystem.list(ledger.path(fullName + ".p")).compactMap(Int.init).sorted()
            if let width = widths.first {
                bundle = try FileSystem.read(ledger.path(TilePath.entryBundle(index: 0, width: width)),
                                             limit: LedgerStore.maxBundleBytes)
            }
        }
        guard let bundle, let bytes = try EntryBundle.decode(bundle, expectedCount: nil).first else {
            throw FormatError("ledger entry 0 is missing")
        }
        let first = try LedgerEntry.decode(bytes, index: 0)
        guard first.type == EventType.repositoryCreated, first.signer == LedgerEntry.logSigner,
              let vkeyText = first.publicPart?["logKey"]?.stringValue else {
            throw FormatError("ledger entry 0 is not a valid repository.created event")
        }
        let logKey = try NoteVerifierKey(parsing: vkeyText)
        guard Ed25519.isValid(signature: first.signature, message: first.signingBytes(), publicKey: logKey.publicKey) else {
            throw FormatError("ledger entry 0 is not signed by the log key it announces")
        }
        return first
    }

    /// Reads and checks the newest checkpoint: its signature by the log key (the one this
    /// host recorded when it first opened the repository, else the one entry 0 announces),
    /// then that the tiles reproduce its root, then the host's memory of older checkpoints.
    /// A ledger that does not extend the checkpoint this host remembers fails with 65, unless
    /// `acceptingRollback` (verify, which reports it with everything else it finds).
    public func readLedgerView(host: HostState?, acceptingRollback: Bool = false) throws -> LedgerView {
        // The host's memory is read before the repository's checkpoint: every process records a
        // checkpoint only after it is in `ledger/checkpoint`, so a commit that lands in between
        // can only make the repository's newer, never older, than what was remembered.
        let seenBytes = try host?.newestCheckpoint()
        guard let signed = try ledger.readCheckpointBytes() else {
            throw EvidenceError(.data, "\(path) has no ledger checkpoint: it is not an initialised evidence repository, or its ledger was removed.")
        }
        do {
            let first = try genesisEntry()
            guard let vkeyText = first.publicPart?["logKey"]?.stringValue,
                  let auditText = first.publicPart?["auditKey"]?.stringValue,
                  let auditKey = Base64.decode(auditText), auditKey.count == X25519.keySize,
                  let recoveryText = first.publicPart?["recoveryKey"]?.stringValue,
                  let recoveryKey = Base64.decode(recoveryText), recoveryKey.count == X25519.keySize
            else { throw FormatError("ledger entry 0 is not a valid repository.created event") }
            if let host, let recorded = try host.recordedLogKey(), recorded != vkeyText {
                throw EvidenceError(.data, "The repository's log key (\(vkeyText)) is not the one this host recorded when it first opened it (\(recorded)); the ledger may have been replaced.")
            }
            let logKey = try NoteVerifierKey(parsing: vkeyText)
            guard logKey.name == config.origin else {
                throw FormatError("the log key's name \(logKey.name) differs from the repository origin \(config.origin)")
            }
            // The size is read before the signature is checked only to know which entries may
            // rotate the log key; nothing is trusted until the key in force verifies it.
            let claimedSize = try Checkpoint(parsingBody: try SignedNote.parse(signed).text).size
            let remembered = try host?.recordedLogKeys().flatMap { $0.chain.first == logKey ? $0 : nil }
            var chain = LogKeyChain(first: logKey)
            if let remembered, remembered.size <= claimedSize {
                chain = remembered.chain
                try followLogKeys(&chain, from: remembered.size, signed: signed, size: claimedSize)
            } else {
                try followLogKeys(&chain, from: 0, signed: signed, size: claimedSize)
            }
            var checkpoint = try openCheckpoint(signed, chain: chain, size: claimedSize)
            // Entry 0 must be the one the signed tree commits to.
            let signedFirst = try LedgerEntry.decode(try ledger.entry(at: 0, treeSize: checkpoint.size), index: 0)
            guard signedFirst == first else { throw FormatError("ledger entry 0 differs between its bundles") }
            let root = try ledger.rootHash(treeSize: checkpoint.size)
            guard root == checkpoint.rootHash else {
                throw EvidenceError(.data, "The ledger's tiles do not reproduce the root ledger/checkpoint signs (size \(checkpoint.size)); run evidence verify to find what was altered.")
            }
            var warnings: [String] = []
            var rolledBack = false
            if let host, let seenBytes,
               let seen = try? SignedCheckpoint.open(
                   seenBytes, verifier: (remembered?.chain ?? chain).key(forSize: Self.claimedSize(seenBytes) ?? 0)).checkpoint {
                var finding: String?
                var restore = ""
                if seen.size > checkpoint.size {
                    finding = "This host has seen this repository's ledger at \(seen.size) entries, but it now holds only \(checkpoint.size): it may have been rolled back to an older copy"
                    // Newer entries whose checkpoint was removed are still there when the tiles
                    // beyond it reproduce the remembered root.
                    if (try? ledger.rootHash(treeSize: seen.size)) == seen.rootHash {
                        restore = " (its \(seen.size - checkpoint.size) newer entries are still in ledger/tile: copying \(host.checkpointPath) over ledger/checkpoint restores them)"
                    }
                } else if (try? ledger.rootHash(treeSize: seen.size)) != seen.rootHash {
                    finding = "The ledger is not consistent with the checkpoint of \(seen.size) entries this host saw earlier: it may have been rewritten"
                }
                if let finding {
                    guard acceptingRollback else {
                        throw EvidenceError(.data, "\(finding)\(restore); run evidence verify, and only if it was restored from a backup on purpose, accepting the loss of what came after it, delete \(host.checkpointPath) and try again.")
                    }
                    rolledBack = true
                    warnings.append("\(finding)\(restore).")
                }
            }
            if rolledBack, remembered != nil {
                // The remembered keys came from the ledger this host saw, not this one: follow
                // this ledger's own rotations from the start instead.
                chain = LogKeyChain(first: logKey)
                try followLogKeys(&chain, from: 0, signed: signed, size: claimedSize)
                checkpoint = try openCheckpoint(signed, chain: chain, size: claimedSize)
            }
            return LedgerView(checkpoint: checkpoint, signedCheckpoint: signed, logKey: logKey, logKeys: chain,
                              auditPublicKey: auditKey, recoveryPublicKey: recoveryKey, warnings: warnings,
                              rolledBack: rolledBack)
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError(.data, "The ledger of \(path) cannot be trusted: \(error); run evidence verify.")
        }
    }

    /// Follows rotations up to the checkpoint's claimed size. When that fails (entries
    /// missing, say), a checkpoint that does not even verify with the key reached so far
    /// is named as forged, which is the more precise finding.
    private func followLogKeys(_ chain: inout LogKeyChain, from start: UInt64, signed: [UInt8], size: UInt64) throws {
        do {
            try ledger.followLogKeys(&chain, in: min(start, size)..<size, treeSize: size)
        } catch {
            _ = try openCheckpoint(signed, chain: chain, size: size)
            throw error
        }
    }

    /// Opens the newest checkpoint with the key the chain says signs a tree of its size.
    private func openCheckpoint(_ signed: [UInt8], chain: LogKeyChain, size: UInt64) throws -> Checkpoint {
        let key = chain.key(forSize: size)
        let checkpoint: Checkpoint
        do {
            checkpoint = try SignedCheckpoint.open(signed, verifier: key).checkpoint
        } catch {
            throw EvidenceError(.data, "ledger/checkpoint is not validly signed by this repository's log key \(key.encoded) (\(error)): it was forged or altered; run evidence verify.")
        }
        guard checkpoint.origin == config.origin else {
            throw FormatError("ledger/checkpoint names origin \(checkpoint.origin), not this repository's \(config.origin)")
        }
        return checkpoint
    }

    /// The size line of a signed checkpoint, unverified (to pick the key that must verify it).
    static func claimedSize(_ signed: [UInt8]) -> UInt64? {
        (try? SignedNote.parse(signed)).flatMap { try? Checkpoint(parsingBody: $0.text) }?.size
    }
}
