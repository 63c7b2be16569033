import Foundation

/// Where a writer says what it is about to commit before any of it reaches the repository,
/// so that its next writer can tell its own interrupted commit from anything else (FORMAT §7.7).
protocol CommitJournal {
    /// Before the first tile of the batch is written.
    func willWrite(from size: UInt64, leafHashes: [[UInt8]]) throws
    /// After the batch is durable and its checkpoint signed, before the checkpoint is written.
    func willPublish(from size: UInt64, leafHashes: [[UInt8]], signed: [UInt8]) throws
}

/// Appends entries to the ledger for one command: tiles first, then one signed
/// checkpoint, which is the commit point. Only ever used under the writer lock. Every
/// write goes through the ledger's storage (`LedgerStore.storage`), and the checkpoint is
/// published with a compare-and-swap on the size this writer started from.
///
/// The writer keeps the right edge of the tree (the rightmost partial tile of each
/// level) in memory, so appending costs O(levels) per entry, and it checks that the
/// edge read from disk reproduces the newest checkpoint's root before it appends.
final class LedgerWriter {
    let store: LedgerStore
    private(set) var committedSize: UInt64
    private(set) var size: UInt64
    /// Hashes of the rightmost, not yet full tile at each level.
    private var levels: [[[UInt8]]]
    /// Entries of the rightmost, not yet full entry bundle.
    private var bundle: [[UInt8]]
    /// Leaf hashes of the entries appended since the last commit.
    private var batchLeafHashes: [[UInt8]] = []
    /// Full tiles completed by this batch, with their bytes.
    private var completed: [(TileRef, [UInt8])] = []
    /// Tiles that became full in this batch (their partial versions can go after commit).
    private var completedTiles: [TileRef] = []
    /// Set when a commit failed half-way: the files on disk no longer match this
    /// writer's memory, so it refuses to go on (the uncommitted tail is dropped next time).
    private var failedCommit: Error?

    /// Reads the edge for `checkpoint` and checks it against the signed root.
    init(store: LedgerStore, checkpointSize: UInt64, checkpointRoot: [UInt8]) throws {
        self.store = store
        committedSize = checkpointSize
        size = checkpointSize
        levels = []
        var level = 0
        while LedgerStore.countAtLevel(level, treeSize: checkpointSize) > 0 {
            let count = LedgerStore.countAtLevel(level, treeSize: checkpointSize)
            let width = Int(count % UInt64(LedgerStore.tileWidth))
            let index = count / UInt64(LedgerStore.tileWidth)
            levels.append(width > 0 ? try store.readHashTile(level: level, index: index, width: width) : [])
            level += 1
        }
        let bundleWidth = Int(checkpointSize % UInt64(LedgerStore.tileWidth))
        bundle = bundleWidth > 0
            ? try store.readEntryBundle(index: checkpointSize / UInt64(LedgerStore.tileWidth), width: bundleWidth) : []
        // The edge bundle is carried into the next full bundle, so its entries must be the
        // ones the (root-checked) level-0 tile commits to; an edited one is never copied forward.
        if let leaves = levels.first, leaves.count == bundle.count {
            for (offset, entry) in bundle.enumerated() where try Merkle.leafHash(entry) != leaves[offset] {
                let index = checkpointSize - UInt64(bundle.count) + UInt64(offset)
                throw EvidenceError(.data, "Ledger entry \(index) does not match the hash its tile commits to (the entry was altered); nothing was written. Run evidence verify.")
            }
        } else if bundleWidth > 0 {
            throw EvidenceError(.data, "The ledger's newest entry bundle does not match its tiles; nothing was written. Run evidence verify.")
        }
        let root = try rootHash()
        guard root == checkpointRoot else {
            throw EvidenceError(.data, "The ledger's tiles do not reproduce the root its newest checkpoint signed; nothing was written. Run evidence verify.")
        }
    }

    /// The root of the tree as it stands, pending entries included.
    func rootHash() throws -> [UInt8] {
        if size == 0 { return try Merkle.emptyRoot() }
        var subtrees: [[UInt8]] = []
        for hashes in levels.reversed() {
            var position = 0
            var span = 128
            while span >= 1 {
                if hashes.count & span != 0 {
                    subtrees.append(try Merkle.root(leafHashes: hashes[position..<(position + span)]))
                    position += span
                }
                span >>= 1
            }
        }
        return try Merkle.root(ofPerfectSubtrees: subtrees)
    }

    /// The last entry written or committed, to carry the recorded time forward.
    func lastEntry() throws -> [UInt8]? {
        if let last = bundle.last { return last }
        guard size > 0 else { return nil }
        return try store.entry(at: size - 1, treeSize: size)
    }

    func append(_ entry: [UInt8]) throws {
        if let failure = failedCommit { throw failure }
        guard !entry.isEmpty, entry.count <= LedgerEntry.maxEncodedSize else {
            throw EvidenceError(.data, "A ledger entry of \(entry.count) bytes does not fit the 64 KiB limit; nothing was written.")
        }
        let width = LedgerStore.tileWidth
        bundle.append(entry)
        if bundle.count == width {
            let index = size / UInt64(width)
            let tile = TileRef(kind: .entries, index: index, width: width)
            completed.append((tile, try EntryBundle.encode(bundle)))
            completedTiles.append(tile)
            bundle = []
        }
        var carry = try Merkle.leafHash(entry)
        batchLeafHashes.append(carry)
        size += 1
        var level = 0
        while true {
            if levels.count == level { levels.append([]) }
            levels[level].append(carry)
            guard levels[level].count == width else { break }
            let index = LedgerStore.countAtLevel(level, treeSize: size) / UInt64(width) - 1
            let tile = TileRef(kind: .hashes(level: level), index: index, width: width)
            completed.append((tile, levels[level].flatMap { $0 }))
            completedTiles.append(tile)
            carry = try Merkle.root(leafHashes: levels[level])
            levels[level] = []
            level += 1
        }
    }

    /// Writes the batch's tiles, then the signed checkpoint (the commit point), then
    /// archives the checkpoint and tidies files no checkpoint needs any more.
    /// `journal`: every commit to an existing repository has one (LedgerTransaction's); only
    /// the repository's creation, which no host has seen yet, and unit tests go without.
    @discardableResult
    func commit(origin: String, signer: NoteSigner, journal: CommitJournal? = nil) throws -> (checkpoint: Checkpoint, signed: [UInt8]) {
        guard size > committedSize else { throw EvidenceError(.data, "Nothing to commit.") }
        if let failure = failedCommit { throw failure }
        do {
            return try writeAndSign(origin: origin, signer: signer, journal: journal)
        } catch {
            failedCommit = error
            throw error
        }
    }

    private func writeAndSign(origin: String, signer: NoteSigner,
                              journal: CommitJournal?) throws -> (checkpoint: Checkpoint, signed: [UInt8]) {
        try journal?.willWrite(from: committedSize, leafHashes: batchLeafHashes)
        for (tile, bytes) in completed {
            try storage.writeTileBlocking(tile, bytes)
        }
        let width = LedgerStore.tileWidth
        for (level, hashes) in levels.enumerated() where !hashes.isEmpty {
            let index = LedgerStore.countAtLevel(level, treeSize: size) / UInt64(width)
            let before = LedgerStore.width(level: level, index: index, treeSize: committedSize)
            if before != hashes.count {
                try storage.writeTileBlocking(TileRef(kind: .hashes(level: level), index: index, width: hashes.count),
                                              hashes.flatMap { $0 })
            }
        }
        if !bundle.isEmpty {
            let index = size / UInt64(width)
            let before = LedgerStore.width(level: 0, index: index, treeSize: committedSize)
            if before != bundle.count {
                try storage.writeTileBlocking(TileRef(kind: .entries, index: index, width: bundle.count),
                                              try EntryBundle.encode(bundle))
            }
        }
        // One flush makes this batch's tiles, and every object written since the last
        // commit (the same file system), durable before the checkpoint that covers them.
        try storage.syncBlocking()
        FaultInjection.crashPoint("tiles-written")
        let checkpoint = Checkpoint(origin: origin, size: size, rootHash: try rootHash(), extensions: [])
        let signed = try SignedCheckpoint.sign(checkpoint, signer: signer)
        try journal?.willPublish(from: committedSize, leafHashes: batchLeafHashes, signed: signed)
        FaultInjection.crashPoint("checkpoint-signed")
        try publish(signed)
        FaultInjection.crashPoint("checkpoint-written")
        // The archive copy need not be flushed now: a writer restores it from ledger/checkpoint.
        try archive(size: size, signed: signed, durable: false)
        tidy()
        committedSize = size
        batchLeafHashes = []
        completed = []
        completedTiles = []
        return (checkpoint, signed)
    }

    private var storage: PosixLedgerStorage { store.storage }

    /// The commit point: only if the published checkpoint is still the one this writer
    /// started from. Under the writer lock nobody else publishes, so losing means the lock
    /// discipline was broken (another host on a shared folder whose file system ignores it).
    private func publish(_ signed: [UInt8]) throws {
        do {
            try storage.publishCheckpointBlocking(signed, size: size, expectedPreviousSize: committedSize)
        } catch StorageError.checkpointConflict(let expected, let found) {
            let now = found.map { "a checkpoint of \($0) entries" } ?? "a checkpoint that does not state its size"
            throw EvidenceError(.data, "Another writer published \(now) while this commit was extending the ledger from \(expected) entries, so this commit was not published. Run evidence verify.")
        }
    }

    func archive(size: UInt64, signed: [UInt8], durable: Bool = true) throws {
        try storage.archiveCheckpointBlocking(signed, size: size, durable: durable)
    }

    /// Best effort: partial tiles whose full tile now exists, and any uncommitted tail
    /// left beyond the new size. Failing to tidy never fails the command.
    private func tidy() {
        for tile in completedTiles {
            for width in (try? storage.partialWidthsBlocking(tile.kind, index: tile.index)) ?? [] {
                try? storage.deleteTileBlocking(TileRef(kind: tile.kind, index: tile.index, width: width))
            }
        }
        if let tail = try? store.tail(treeSize: size) {
            for file in tail.files {
                if let tile = TilePath.parse(file) { try? storage.deleteTileBlocking(tile) }
            }
        }
    }
}
