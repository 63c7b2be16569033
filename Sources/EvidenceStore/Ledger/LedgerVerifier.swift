import Foundation

/// Recomputes the whole ledger from its entries and checks every stored tile, every
/// archived checkpoint and every entry against it. Needs no decryption key: this is
/// the part of `verify` (and later of `audit`) that anyone holding the log key can run.
public struct LedgerVerifier {
    public struct Result: Sendable {
        /// Decoded entries, index = sequence number (nil where an entry failed to decode).
        public var entries: [LedgerEntry?] = []
        public var leafHashes: [[UInt8]] = []
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

        /// The entries with the invalid ones left out (nil, like unreadable ones): only valid
        /// entries account for key files (FORMAT §5.6, §7.10).
        public var validEntries: [LedgerEntry?] {
            entries.enumerated().map { invalid[UInt64($0.offset)] == nil ? $0.element : nil }
        }
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
    public func run(trustedLogKey: NoteVerifierKey?, reportingTail: Bool = true, now: Timestamp = Clock.now()) -> Result {
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
        readEntries(size: checkpoint.size, into: &result)
        checkTimes(&result, now: now)

        // The log key: announced by entry 0, then rotated by later entries, each rotation
        // signed by the key before it. Checkpoints are trusted only through the key the
        // caller gives, when there is one.
        var firstKey = trustedLogKey
        if let first = result.entries.first ?? nil, first.type == EventType.repositoryCreated,
           let text = first.publicPart?["logKey"]?.stringValue, let announced = try? NoteVerifierKey(parsing: text) {
            firstKey = announced
        }
        guard let firstKey else {
            result.problems.append("ledger entry 0 does not announce a usable log key, so no checkpoint can be checked")
            return result
        }

        checkTiles(&result)
        var chain = checkEntries(&result, firstKey: firstKey)
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

        // Tiles, root and checkpoints.
        let root = try? Merkle.root(leafHashes: result.leafHashes)
        let newestKey = chain.key(forSize: checkpoint.size)
        do {
            let opened = try SignedCheckpoint.open(signed, verifier: newestKey)
            if opened.checkpoint.origin != origin {
                result.problems.append("ledger/checkpoint names origin \(opened.checkpoint.origin), not this repository's \(origin)")
            }
        } catch {
            result.problems.append("ledger/checkpoint is not validly signed by the log key \(newestKey.encoded) (forged or altered): \(error)")
        }
        if let root, root != checkpoint.rootHash, result.leafHashes.count == Int(checkpoint.size) {
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

    private func readEntries(size: UInt64, into result: inout Result) {
        // Bundles are read in order and decoded on every core, a batch at a time: decoding (a
        // strict parse and a re-encoding of each entry) is most of this step's work.
        let batchSize: UInt64 = 32
        let bundles = (size + 255) / 256
        var first: UInt64 = 0
        while first < bundles {
            var batch: [(index: UInt64, name: String, entries: [[UInt8]])] = []
            var failure: String?
            for bundleIndex in first..<min(bundles, first + batchSize) {
                let width = LedgerStore.width(level: 0, index: bundleIndex, treeSize: size)
                let name = TilePath.entryBundle(index: bundleIndex, width: width)
                do {
                    batch.append((bundleIndex, name, try store.readEntryBundle(index: bundleIndex, width: width)))
                } catch {
                    failure = "ledger entries \(bundleIndex * 256)…\(bundleIndex * 256 + UInt64(width) - 1) cannot be read (\(name)): \(error)"
                    break
                }
            }
            let decoded = batch.parallelMap { bundle in
                bundle.entries.enumerated().map { offset, bytes -> DecodedEntry in
                    let index = bundle.index * 256 + UInt64(offset)
                    let leafHash = (try? Merkle.leafHash(bytes)) ?? []
                    do {
                        return DecodedEntry(leafHash: leafHash, entry: try LedgerEntry.decode(bytes, index: index))
                    } catch {
                        return DecodedEntry(leafHash: leafHash, problem: "ledger entry \(index) in \(bundle.name) cannot be read: \(error)")
                    }
                }
            }
            for entry in decoded.joined() {
                result.leafHashes.append(entry.leafHash)
                result.entries.append(entry.entry)
                if let problem = entry.problem { result.problems.append(problem) }
            }
            if let failure {
                result.problems.append(failure)
                return
            }
            first += batchSize
        }
    }

    private struct DecodedEntry: Sendable {
        var leafHash: [UInt8]
        var entry: LedgerEntry?
        var problem: String?
    }

    /// Every tile a tree of this size consists of must hold exactly the recomputed hashes.
    private func checkTiles(_ result: inout Result) {
        guard result.leafHashes.count == Int(result.treeSize) else { return }
        var level = 0
        var hashes = result.leafHashes
        while !hashes.isEmpty {
            var next: [[UInt8]] = []
            var index = 0
            while index < hashes.count {
                let width = min(256, hashes.count - index)
                let expected = Array(hashes[index..<(index + width)])
                let tileIndex = UInt64(index / 256)
                let name = TilePath.hashTile(level: level, index: tileIndex, width: width)
                do {
                    let stored = try store.readHashTile(level: level, index: tileIndex, width: width)
                    if stored != expected {
                        let first = zip(stored, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
                        let position = UInt64(index + first) * (UInt64(1) << UInt64(8 * level))
                        let what = level == 0 ? "ledger entry \(position)" : "the subtree starting at ledger entry \(position)"
                        result.problems.append("\(name) does not match the entries: the hash of \(what) differs (an entry was altered, removed, inserted or swapped)")
                    }
                } catch {
                    result.problems.append("\(name) cannot be read: \(error)")
                }
                checkOlderPartials(&result, directory: TilePath.hashTile(level: level, index: tileIndex, width: 256) + ".p",
                                   width: width, expected: expected) { bytes in
                    guard bytes.count % Merkle.hashSize == 0 else { return nil }
                    return stride(from: 0, to: bytes.count, by: Merkle.hashSize).map { Array(bytes[$0..<($0 + Merkle.hashSize)]) }
                }
                if level == 0 {
                    checkOlderPartials(&result, directory: TilePath.entryBundle(index: tileIndex, width: 256) + ".p",
                                       width: width, expected: expected) { bytes in
                        (try? EntryBundle.decode(bytes, expectedCount: nil))?.map { (try? Merkle.leafHash($0)) ?? [] }
                    }
                }
                if width == 256, let parent = try? Merkle.root(leafHashes: expected) { next.append(parent) }
                index += width
            }
            hashes = next
            level += 1
        }
    }

    /// Partial tiles and bundles kept from earlier checkpoints must be prefixes of the
    /// recomputed tree (wider ones are an uncommitted tail, reported separately).
    private func checkOlderPartials(_ result: inout Result, directory: String, width: Int, expected: [[UInt8]],
                                    hashes: ([UInt8]) -> [[UInt8]]?) {
        for name in (try? FileSystem.list(store.path(directory))) ?? [] {
            guard let partial = Int(name), String(partial) == name, partial >= 1, partial < 256,
                  partial < width || (width == 256) else { continue }
            let file = "\(directory)/\(name)"
            // A concurrent writer may tidy it away once its full tile exists: nothing to check then.
            let read: [UInt8]?
            do { read = try FileSystem.readIfPresent(store.path(file), limit: LedgerStore.maxBundleBytes) } catch {
                result.problems.append("\(file) cannot be read: \(error)")
                continue
            }
            guard let bytes = read else { continue }
            guard let stored = hashes(bytes), stored.count == partial else {
                result.problems.append("\(file) cannot be read as \(partial) hashes or entries")
                continue
            }
            if stored != Array(expected.prefix(partial)) {
                result.problems.append("\(file), kept from an earlier checkpoint, does not match the entries (altered)")
            }
        }
    }

    private func checkArchive(_ result: inout Result, chain: LogKeyChain, newest: Checkpoint, sizes: [UInt64]) {
        if !FileSystem.exists(store.checkpointArchivePath(size: newest.size)) {
            result.notes.append("ledger/checkpoints/\(newest.size) (the archived copy of the newest checkpoint) is missing; the next writer restores it")
        }
        // Every archived size's root, in one pass over the leaves.
        let roots = (try? Merkle.roots(leafHashes: result.leafHashes, atSizes: Set(sizes.filter { $0 <= newest.size }))) ?? [:]
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
                guard result.leafHashes.count >= Int(size) else { continue }
                let root = try roots[size] ?? Merkle.root(leafHashes: result.leafHashes[0..<Int(size)])
                if root != opened.checkpoint.rootHash {
                    result.problems.append("\(name) is not consistent with the ledger: the first \(size) entries no longer hash to the root it signed")
                }
            } catch {
                result.problems.append("\(name) is not validly signed by the log key (forged or altered): \(error)")
            }
        }
    }

    /// Checks every entry, replays who may do what (AuthorityState: each entry against its
    /// signer's authority in the state before it) and follows the log key through its rotations.
    private func checkEntries(_ result: inout Result, firstKey: NoteVerifierKey) -> LogKeyChain {
        var chain = LogKeyChain(first: firstKey)
        var state = AuthorityState()
        let verified = VerifiedSignatures(checking: result.entries)
        for (offset, entry) in result.entries.enumerated() {
            guard let entry else {
                // An entry that cannot be read still takes its place in the sequence.
                state.skip()
                continue
            }
            // Whatever happens below, the entry takes exactly one place in the sequence.
            let admitted = state.size
            do {
                let verdict = try state.admit(entry, logKey: chain.key(forEntry: UInt64(offset)), verified: verified)
                switch verdict {
                case .valid:
                    break
                case .invalid(let reason):
                    result.invalid[entry.seq] = reason
                    result.problems.append("ledger entry \(entry.seq) (\(entry.type), signed by \(entry.signer == LedgerEntry.logSigner ? "the log key for \(entry.actor)" : entry.signer)) is invalid: \(reason); readers skip it")
                case .unknownType:
                    result.notes.append("ledger entry \(entry.seq) has the event type \(entry.type), which this version does not know; its authority was not checked")
                }
                try chain.follow(entry)
            } catch {
                result.problems.append("\(error)")
                // A rotation that does not chain is found after admit moved past the entry.
                if state.size == admitted { state.skip(time: entry.time) }
            }
        }
        result.authority = state
        return chain
    }
}
