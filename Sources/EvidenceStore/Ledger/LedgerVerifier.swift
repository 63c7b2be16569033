import Foundation

/// Recomputes the whole ledger from its entries and checks every stored tile, every
/// archived checkpoint and every entry against it. Needs no decryption key: this is
/// the part of `verify` (and later of `audit`) that anyone holding the log key can run.
/// Recomputes the whole ledger from its entries and checks every stored tile, every
/// archived checkpoint and every entry against it. Needs no decryption key: this is
/// the part of `verify` (and later of `audit`) that anyone holding the log key can run.
///
/// It is one pass over the entries in sequence order, a batch at a time: each entry is decoded,
/// checked, hashed into the tiles being filled and the growing tree (MerkleAccumulator), judged
/// against the authority the entries before it built, and handed to the caller's `visit`, which
/// folds what its own checks need; nothing is kept of the entry after that, so the pass holds a
/// batch of entries and O(log n) hashes whatever the size of the ledger.
public struct LedgerVerifier {
    public struct Result: Sendable {
        /// Decoded entries, index = sequence number (nil where an entry failed to decode); only
        /// when the run was asked to keep them (`keepingEntries`).
        public var entries: [LedgerEntry?] = []
        /// Every leaf hash, likewise only when asked to keep them.
        public var leafHashes: [[UInt8]] = []
        /// The entries read (decoded or not): the tree size, unless a bundle could not be read.
        public var entriesRead: UInt64 = 0
        public var treeSize: UInt64 = 0
        public var problems: [String] = []
        public var notes: [String] = []
        public var checkpointsChecked = 0
        public var uncommittedTail: UInt64 = 0
        /// The log keys followed from entry 0 (or the caller's key when the ledger never announces it).
        public var logKeys: LogKeyChain?
        /// Who may do what after the whole ledger, replayed from its valid entries.
        public var authority = AuthorityState()
        /// Entries whose signer lacked the authority for them, with what they lacked.
        public var invalid: [UInt64: String] = [:]
        /// The root of the tree of the first `size` entries, for each size asked for (`rootsAt`)
        /// and each archived checkpoint's, that the entries read reach.
        public var roots: [UInt64: [UInt8]] = [:]

        /// Whether every entry of the newest checkpoint's tree was read.
        public var readsWholeTree: Bool { entriesRead == treeSize }
    }

    /// An entry as the pass hands it to the caller, after judging it.
    public struct Visit {
        public let entry: LedgerEntry
        public let leafHash: [UInt8]
        /// False when its signer lacked the authority for it (FORMAT §7.10): it accounts for nothing.
        public let isValid: Bool
        /// Whether it changed the authority state (valid, and in its place in the sequence).
        public let applied: Bool
    }

    let store: LedgerStore
    let origin: String

    public init(store: LedgerStore, origin: String) {
        self.store = store
        self.origin = origin
    }

    /// `trustedLogKey`: the verifier key to check checkpoints with. When nil, the key the
    /// first entry announces is used (and reported if it is missing). `reportingTail`: note
    /// entries beyond the checkpoint as seen without the lock (verify looks under the lock
    /// instead). `now`: the clock entries may not be stamped more than `Clock.tolerance` after.
    /// `rootsAt`: tree sizes whose roots the caller needs (trusted checkpoints, cosignatures).
    /// `keepingEntries`: keep every entry and leaf hash in the result (small ledgers and tests
    /// only: this is what the pass otherwise never holds). `visit`: called with every entry
    /// that decodes, in sequence order, once it was judged.
    public func run(trustedLogKey: NoteVerifierKey?, reportingTail: Bool = true, now: Timestamp = Clock.now(),
                    rootsAt: Set<UInt64> = [], keepingEntries: Bool = false, spillFolders: [String] = [],
                    visit: (Visit) -> Void = { _ in }) -> Result {
        var result = Result()
        // Archives are listed before the checkpoint is read: a writer archives a checkpoint only
        // after writing it as ledger/checkpoint, so a commit that lands while this runs adds
        // archives this run does not see, never ones larger than the checkpoint it reads.
        let archived = (try? store.archivedCheckpointSizes()) ?? []
        guard let signed = try? store.readCheckpointBytes() else {
            result.problems.append("ledger/checkpoint is missing: there is no signed checkpoint to verify against")
            return result
        }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(parsingBody: try SignedNote.parse(signed).text)
        } catch {
            result.problems.append("ledger/checkpoint is malformed: \(error)")
            return result
        }
        result.treeSize = checkpoint.size

        // The findings of each check, kept apart and put together at the end in the order in
        // which checks of a ledger held whole report them.
        var readProblems: [String] = []
        var timeProblems: [String] = []
        var entryProblems: [String] = []
        var entryNotes: [String] = []
        var tiles = TileCheck(store: store)
        var tree = MerkleAccumulator()
        let wantedRoots = rootsAt.union(archived.filter { $0 <= checkpoint.size })
        if wantedRoots.contains(0) { result.roots[0] = try? Merkle.emptyRoot() }

        // The log key: announced by entry 0, then rotated by later entries, each rotation
        // signed by the key before it. Checkpoints are trusted only through the key the
        // caller gives, when there is one. Decided once entry 0 is read.
        var firstKey = trustedLogKey
        var chain = firstKey.map { LogKeyChain(first: $0) }
        var state = AuthorityState()
        // The replayed items leave memory as they are folded, to the first of `spillFolders`
        // that takes them (ItemBucketSpill); with none, they stay.
        state.items.spill = ItemBucketSpill.first(in: spillFolders)

        let failure = forEachBatch(count: checkpoint.size, treeSize: checkpoint.size) { batch in
            for decoded in batch {
                let index = result.entriesRead
                result.entriesRead += 1
                tree.append(decoded.leafHash)
                tiles.append(decoded.leafHash)
                if wantedRoots.contains(result.entriesRead), let root = tree.root() { result.roots[result.entriesRead] = root }
                if keepingEntries {
                    result.entries.append(decoded.entry)
                    result.leafHashes.append(decoded.leafHash)
                }
                if let problem = decoded.problem { readProblems.append(problem) }
                if let entry = decoded.entry, Clock.isAhead(entry.time, of: now) {
                    timeProblems.append(Self.aheadProblem(entry, now: now))
                }
                if index == 0, let first = decoded.entry, first.type == EventType.repositoryCreated,
                   let text = first.publicPart?["logKey"]?.stringValue, let announced = try? NoteVerifierKey(parsing: text) {
                    firstKey = announced
                    chain = LogKeyChain(first: announced)
                }
            }
            // Signatures on every core first; then the replay, which must go in order.
            var verified: VerifiedSignatures?
            if chain != nil {
                verified = VerifiedSignatures(checking: batch.map(\.entry), knownKeys: state.signingKeys)
            }
            for decoded in batch {
                guard let entry = decoded.entry else {
                    // An entry that cannot be read still takes its place in the sequence.
                    if chain != nil { state.skip() }
                    continue
                }
                var applied = false
                if var current = chain {
                    applied = admit(entry, state: &state, chain: &current, verified: verified, into: &result,
                                    problems: &entryProblems, notes: &entryNotes)
                    chain = current
                }
                visit(Visit(entry: entry, leafHash: decoded.leafHash, isValid: result.invalid[entry.seq] == nil,
                            applied: applied))
            }
        }
        if let failure { readProblems.append(failure) }
        result.problems += readProblems
        result.problems += timeProblems
        guard let firstKey, var chain else {
            result.problems.append("ledger entry 0 does not announce a usable log key, so no checkpoint can be checked")
            return result
        }
        result.authority = state

        if result.readsWholeTree {
            tiles.finish()
            result.problems += tiles.problems
        }
        result.problems += entryProblems
        result.notes += entryNotes
        if let trustedLogKey {
            if let from = chain.fromSize(of: trustedLogKey) {
                if from > 0 {
                    result.notes.append("the verifier key given came into force at ledger entry \(from - 1); the entries and checkpoints before it are checked with the earlier log keys the ledger announces, which the given key does not vouch for")
                }
            } else {
                result.problems.append("the ledger never announces the verifier key given (\(trustedLogKey.identity)); entry 0 announces \(firstKey.identity): this is not the log you trust, or its keys were replaced")
                chain = LogKeyChain(first: trustedLogKey)
            }
        }
        result.logKeys = chain
        for link in chain.links.dropFirst() {
            result.notes.append("the log key was rotated at ledger entry \(link.fromSize - 1) to \(link.key.identity)")
        }

        // Root and checkpoints.
        let newestKey = chain.key(forSize: checkpoint.size)
        do {
            let opened = try SignedCheckpoint.open(signed, verifier: newestKey)
            if opened.checkpoint.origin != origin {
                result.problems.append("ledger/checkpoint names origin \(opened.checkpoint.origin), not this repository's \(origin)")
            }
        } catch {
            result.problems.append("ledger/checkpoint is not validly signed by the log key \(newestKey.encoded) (forged or altered): \(error)")
        }
        if result.readsWholeTree, let root = tree.root(), root != checkpoint.rootHash {
            result.problems.append("the tree recomputed from the entries has root \(Base64.encode(root)), but ledger/checkpoint signs \(Base64.encode(checkpoint.rootHash)) for size \(checkpoint.size)")
        }
        checkArchive(&result, chain: chain, newest: checkpoint, sizes: archived)
        let dropped = ((try? FileSystem.list(store.path("dropped"))) ?? []).filter { !$0.hasPrefix(".") }
        if !dropped.isEmpty {
            result.notes.append("ledger/dropped holds \(dropped.count) uncommitted tail\(dropped.count == 1 ? "" : "s") set aside by later writers (never signed, not part of the log): \(dropped.joined(separator: ", "))")
        }
        if reportingTail, let tail = try? store.tail(treeSize: checkpoint.size), tail.entries > 0 {
            result.uncommittedTail = tail.entries
            result.notes.append(Self.tailNote(entries: tail.entries))
        }
        return result
    }

    private func checkArchive(_ result: inout Result, chain: LogKeyChain, newest: Checkpoint, sizes: [UInt64]) {
        if !FileSystem.exists(store.checkpointArchivePath(size: newest.size)) {
            result.notes.append("ledger/checkpoints/\(newest.size) (the archived copy of the newest checkpoint) is missing; the next writer restores it")
        }
        for size in sizes {
            result.checkpointsChecked += 1
            let name = "ledger/checkpoints/\(size)"
            do {
                let opened = try SignedCheckpoint.open(try store.readArchivedCheckpoint(size: size),
                                                       verifier: chain.key(forSize: size))
                guard opened.checkpoint.size == size else {
                    result.problems.append("\(name) signs size \(opened.checkpoint.size), not \(size)")
                    continue
                }
                if size > newest.size {
                    result.problems.append("\(name) signs \(size) entries, more than the newest checkpoint's \(newest.size): the ledger was rolled back")
                    continue
                }
                // The pass computed the root of each archived size as it went by.
                guard result.entriesRead >= size else { continue }
                guard let root = result.roots[size] else {
                    throw FormatError("the root of the first \(size) entries could not be recomputed")
                }
                if root != opened.checkpoint.rootHash {
                    result.problems.append("\(name) is not consistent with the ledger: the first \(size) entries no longer hash to the root it signed")
                }
            } catch {
                result.problems.append("\(name) is not validly signed by the log key (forged or altered): \(error)")
            }
        }
    }

    /// Judges one entry against its signer's authority in the state before it (AuthorityState)
    /// and follows the log key through its rotations. True when the entry changed the state.
    @discardableResult
    private func admit(_ entry: LedgerEntry, state: inout AuthorityState, chain: inout LogKeyChain,
                       verified: VerifiedSignatures?, into result: inout Result,
                       problems: inout [String], notes: inout [String]) -> Bool {
        // Whatever happens below, the entry takes exactly one place in the sequence.
        let admitted = state.size
        var applied = false
        do {
            let verdict = try state.admit(entry, logKey: chain.key(forEntry: admitted), verified: verified)
            switch verdict {
            case .valid:
                applied = true
            case .invalid(let reason):
                result.invalid[entry.seq] = reason
                problems.append("ledger entry \(entry.seq) (\(entry.type), signed by \(entry.signer == LedgerEntry.logSigner ? "the log key for \(entry.actor)" : entry.signer)) is invalid: \(reason); readers skip it")
            case .unknownType:
                notes.append("ledger entry \(entry.seq) has the event type \(entry.type), which this version does not know; its authority was not checked")
            }
            try chain.follow(entry)
        } catch {
            problems.append("\(error)")
            // A rotation that does not chain is found after admit moved past the entry.
            if state.size == admitted { state.skip(time: entry.time) }
        }
        return applied
    }
}
