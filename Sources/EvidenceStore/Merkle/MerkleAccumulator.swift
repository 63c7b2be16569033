/// The root of a growing tree, leaf by leaf, in O(log n) memory: the stack of perfect
/// subtrees `Merkle.root(leafHashes:)` keeps, held between calls so that a verifier can
/// stream a ledger once and still ask for the root at any size it passes (every archived or
/// trusted checkpoint), instead of keeping every leaf hash to recompute prefixes afterwards.
public struct MerkleAccumulator: Sendable {
    private var stack: [(level: Int, hash: [UInt8])] = []
    /// Leaves appended so far.
    public private(set) var count: UInt64 = 0
    /// Set once a leaf of the wrong size was appended: no root is defined after it.
    public private(set) var failed = false

    public init() {
        stack.reserveCapacity(64)
    }

    /// Appends the next leaf hash, merging equal-sized neighbours as `Merkle.root` does.
    public mutating func append(_ leaf: [UInt8]) {
        count += 1
        guard !failed else { return }
        guard leaf.count == Merkle.hashSize else {
            failed = true
            return
        }
        stack.append((0, leaf))
        while stack.count >= 2, stack[stack.count - 1].level == stack[stack.count - 2].level {
            let right = stack.removeLast()
            let left = stack.removeLast()
            guard let parent = try? Merkle.nodeHash(left.hash, right.hash) else {
                failed = true
                return
            }
            stack.append((left.level + 1, parent))
        }
    }

    /// MTH of the leaves appended so far (the empty tree's for none), or nil after a bad leaf.
    public func root() -> [UInt8]? {
        guard !failed else { return nil }
        return try? Merkle.root(ofPerfectSubtrees: stack.map(\.hash))
    }
}
