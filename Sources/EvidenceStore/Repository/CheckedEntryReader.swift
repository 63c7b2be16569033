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
        try store.forEachEntry(in: range, treeSize: treeSize) { index, bytes in
            let (entry, leaf) = try check(index: index, bytes: bytes)
            try body(entry, leaf, bytes.count)
        }
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
        if index / 256 != tileIndex {
            tileIndex = index / 256
            tileHashes = try store.readHashTile(level: 0, index: tileIndex,
                                                width: LedgerStore.width(level: 0, index: tileIndex, treeSize: treeSize))
        }
        guard Int(index % 256) < tileHashes.count, tileHashes[Int(index % 256)] == leaf else {
            throw FormatError("ledger entry \(index) does not hash to the value in its tile (the entry was altered)")
        }
        return (entry, leaf)
    }
}
