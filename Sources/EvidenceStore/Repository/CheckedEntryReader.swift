import Foundation

/// Reads ledger entries for projection, each checked against the leaf hash in its tile (the
/// tiles the checkpoint's root covers) before anything uses it. Projection reads some
/// entries twice (once to decide authority, once to project) and re-projects a case's older
/// entries when what a user may see of it changes: the check is the same every time.
final class CheckedEntryReader {
    let store: LedgerStore
    let treeSize: UInt64
    private var tileIndex = UInt64.max
    private var tileHashes: [[UInt8]] = []

    init(store: LedgerStore, treeSize: UInt64) {
        self.store = store
        self.treeSize = treeSize
    }

    /// Entries [range), in order, each with its leaf hash and its encoded size.
    func forEach(in range: Range<UInt64>, _ body: (LedgerEntry, [UInt8], Int) throws -> Void) throws {
        try forEachBatch(in: range) { batch in
            for checked in batch { try body(checked.entry, checked.leaf, checked.size) }
        }
    }

    /// One entry as read and checked.
    struct Checked: Sendable {
        let entry: LedgerEntry
        let leaf: [UInt8]
        let size: Int
    }

    /// Entries [range), in order, handed over `batchSize` at a time: each batch is decoded on
    /// every core (a strict parse and a re-encoding of each entry is most of a first
    /// projection's work), then checked against its tile in order. An entry that fails ends
    /// the reading after the ones before it were handed over, as one at a time would.
    func forEachBatch(in range: Range<UInt64>, batchSize: Int = 1024, _ body: ([Checked]) throws -> Void) throws {
        var pending: [(index: UInt64, bytes: [UInt8])] = []
        func flush() throws {
            guard !pending.isEmpty else { return }
            let decoded = pending.parallelMap { raw in
                Result { (try LedgerEntry.decode(raw.bytes, index: raw.index), try Merkle.leafHash(raw.bytes)) }
            }
            var batch: [Checked] = []
            batch.reserveCapacity(pending.count)
            var failure: Error?
            for (raw, result) in zip(pending, decoded) {
                do {
                    let (entry, leaf) = try result.get()
                    try checkLeaf(index: raw.index, leaf: leaf)
                    batch.append(Checked(entry: entry, leaf: leaf, size: raw.bytes.count))
                } catch {
                    failure = error
                    break
                }
            }
            pending.removeAll(keepingCapacity: true)
            try body(batch)
            if let failure { throw failure }
        }
        try store.forEachEntry(in: range, treeSize: treeSize) { index, bytes in
            pending.append((index, bytes))
            if pending.count >= batchSize { try flush() }
        }
        try flush()
    }

    /// The entries at `positions` (ascending), reading each bundle once.
    func forEach(at positions: [UInt64], _ body: (LedgerEntry, [UInt8]) throws -> Void) throws {
        let width = UInt64(LedgerStore.tileWidth)
        var bundleIndex = UInt64.max
        var bundle: [[UInt8]] = []
        for index in positions {
            guard index < treeSize else { throw LedgerError.missingFile("entry \(index)") }
            if index / width != bundleIndex {
                bundleIndex = index / width
                bundle = try store.readEntryBundle(index: bundleIndex,
                                                   width: LedgerStore.width(level: 0, index: bundleIndex, treeSize: treeSize))
            }
            let offset = Int(index % width)
            guard offset < bundle.count else { throw LedgerError.missingFile("entry \(index)") }
            let (entry, leaf) = try check(index: index, bytes: bundle[offset])
            try body(entry, leaf)
        }
    }

    private func check(index: UInt64, bytes: [UInt8]) throws -> (LedgerEntry, [UInt8]) {
        let entry = try LedgerEntry.decode(bytes, index: index)
        let leaf = try Merkle.leafHash(bytes)
        try checkLeaf(index: index, leaf: leaf)
        return (entry, leaf)
    }

    private func checkLeaf(index: UInt64, leaf: [UInt8]) throws {
        if index / 256 != tileIndex {
            tileIndex = index / 256
            tileHashes = try store.readHashTile(level: 0, index: tileIndex,
                                                width: LedgerStore.width(level: 0, index: tileIndex, treeSize: treeSize))
        }
        guard Int(index % 256) < tileHashes.count, tileHashes[Int(index % 256)] == leaf else {
            throw FormatError("ledger entry \(index) does not hash to the value in its tile (the entry was altered)")
        }
    }
}
