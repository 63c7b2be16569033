import Foundation

extension LedgerVerifier {
    /// One entry as read from its bundle: its leaf hash, and the entry or why it could not be
    /// decoded.
    struct DecodedEntry: Sendable {
        var leafHash: [UInt8]
        var entry: LedgerEntry?
        var problem: String?
    }

    /// Bundles read per batch: what is decoded on every core at once, and all of the ledger
    /// a pass holds at a time (4,096 entries).
    static let bundlesPerBatch: UInt64 = 16

    /// Reads the first `count` entries of the tree of `treeSize` entries in order and hands
    /// them over a batch at a time, decoded on every core (a strict parse and a re-encoding of
    /// each entry is most of a pass's work). Returns why a bundle could not be read, after
    /// handing over the entries before it; the entries after it are not read.
    func forEachBatch(count: UInt64, treeSize: UInt64, _ body: ([DecodedEntry]) -> Void) -> String? {
        let bundles = (count + 255) / 256
        var first: UInt64 = 0
        while first < bundles {
            var batch: [(index: UInt64, name: String, entries: ArraySlice<[UInt8]>)] = []
            var failure: String?
            for bundleIndex in first..<min(bundles, first + Self.bundlesPerBatch) {
                let width = LedgerStore.width(level: 0, index: bundleIndex, treeSize: treeSize)
                let name = TilePath.entryBundle(index: bundleIndex, width: width)
                do {
                    let entries = try store.readEntryBundle(index: bundleIndex, width: width)
                    let wanted = Int(min(UInt64(entries.count), count - bundleIndex * 256))
                    batch.append((bundleIndex, name, entries.prefix(wanted)))
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
            body(Array(decoded.joined()))
            if let failure { return failure }
            first += Self.bundlesPerBatch
        }
        return nil
    }
}
