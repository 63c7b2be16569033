import Foundation

extension LedgerVerifier {
    /// Checks every tile of the tree as the leaves stream past: a tile is compared with the
    /// stored one as soon as its span is complete, and only its parent hash moves up a level,
    /// so at most 256 hashes per level are held however long the ledger is.
    ///
    /// Problems are kept with the tile they concern and handed over level by level, tile by
    /// tile (the order of a check over the whole tree), and only when every leaf of the tree
    /// was read: a ledger that could not be read to its end has no tree to compare.
    struct TileCheck {
        let store: LedgerStore
        /// Per level, the hashes of the tile being filled.
        private var pending: [[[UInt8]]] = []
        /// Per level, the index of the tile being filled.
        private var nextIndex: [UInt64] = []
        private var found: [(level: Int, index: UInt64, order: Int, text: String)] = []

        init(store: LedgerStore) {
            self.store = store
        }

        mutating func append(_ leaf: [UInt8]) {
            add(leaf, level: 0)
        }

        private mutating func add(_ hash: [UInt8], level: Int) {
            while pending.count <= level {
                pending.append([])
                nextIndex.append(0)
                pending[pending.count - 1].reserveCapacity(LedgerStore.tileWidth)
            }
            pending[level].append(hash)
            guard pending[level].count == LedgerStore.tileWidth else { return }
            let full = pending[level]
            pending[level].removeAll(keepingCapacity: true)
            let index = nextIndex[level]
            nextIndex[level] += 1
            check(level: level, index: index, expected: full)
            if let parent = try? Merkle.root(leafHashes: full) { add(parent, level: level + 1) }
        }

        /// Checks the partial tile each level ends with; call once every leaf was appended.
        mutating func finish() {
            for level in pending.indices where !pending[level].isEmpty {
                check(level: level, index: nextIndex[level], expected: pending[level])
            }
        }

        /// The problems found, level by level and tile by tile.
        var problems: [String] {
            found.sorted { ($0.level, $0.index, $0.order) < ($1.level, $1.index, $1.order) }.map(\.text)
        }

        /// The stored tile must hold exactly the recomputed hashes, and partial tiles and
        /// bundles kept from earlier checkpoints must be prefixes of them.
        private mutating func check(level: Int, index tileIndex: UInt64, expected: [[UInt8]]) {
            let width = expected.count
            var texts: [String] = []
            let name = TilePath.hashTile(level: level, index: tileIndex, width: width)
            do {
                let stored = try store.readHashTile(level: level, index: tileIndex, width: width)
                if stored != expected {
                    let first = zip(stored, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
                    let position = (tileIndex * UInt64(LedgerStore.tileWidth) + UInt64(first)) * (UInt64(1) << UInt64(8 * level))
                    let what = level == 0 ? "ledger entry \(position)" : "the subtree starting at ledger entry \(position)"
                    texts.append("\(name) does not match the entries: the hash of \(what) differs (an entry was altered, removed, inserted or swapped)")
                }
            } catch {
                texts.append("\(name) cannot be read: \(error)")
            }
            texts += olderPartialProblems(directory: TilePath.hashTile(level: level, index: tileIndex, width: 256) + ".p",
                                          width: width, expected: expected) { bytes in
                guard bytes.count % Merkle.hashSize == 0 else { return nil }
                return stride(from: 0, to: bytes.count, by: Merkle.hashSize).map { Array(bytes[$0..<($0 + Merkle.hashSize)]) }
            }
            if level == 0 {
                texts += olderPartialProblems(directory: TilePath.entryBundle(index: tileIndex, width: 256) + ".p",
                                              width: width, expected: expected) { bytes in
                    (try? EntryBundle.decode(bytes, expectedCount: nil))?.map { (try? Merkle.leafHash($0)) ?? [] }
                }
            }
            for text in texts { found.append((level, tileIndex, found.count, text)) }
        }

        /// Partial tiles and bundles kept from earlier checkpoints must be prefixes of the
        /// recomputed tree (wider ones are an uncommitted tail, reported separately).
        private func olderPartialProblems(directory: String, width: Int, expected: [[UInt8]],
                                          hashes: ([UInt8]) -> [[UInt8]]?) -> [String] {
            var problems: [String] = []
            for name in (try? FileSystem.list(store.path(directory))) ?? [] {
                guard let partial = Int(name), String(partial) == name, partial >= 1, partial < 256,
                      partial < width || (width == 256) else { continue }
                let file = "\(directory)/\(name)"
                // A concurrent writer may tidy it away once its full tile exists: nothing to check then.
                let read: [UInt8]?
                do { read = try FileSystem.readIfPresent(store.path(file), limit: LedgerStore.maxBundleBytes) } catch {
                    problems.append("\(file) cannot be read: \(error)")
                    continue
                }
                guard let bytes = read else { continue }
                guard let stored = hashes(bytes), stored.count == partial else {
                    problems.append("\(file) cannot be read as \(partial) hashes or entries")
                    continue
                }
                if stored != Array(expected.prefix(partial)) {
                    problems.append("\(file), kept from an earlier checkpoint, does not match the entries (altered)")
                }
            }
            return problems
        }
    }
}
