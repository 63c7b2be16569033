/// RFC 6962 / RFC 9162 Merkle tree hashing for the custody ledger.
///
/// Everything here is pure: hashes in, hashes out. Storage (tiles on disk) lives elsewhere and
/// reaches these functions through closures, so the same code serves the writer, a verifier
/// holding only an exported proof, and the tests.
///
/// Proof verification is in `MerkleVerify.swift`, proof generation in `MerkleProofs.swift`.
public enum Merkle {
    /// SHA-256 output size; every hash a proof carries must have exactly this length.
    public static let hashSize = 32

    /// Domain-separation prefixes, so that a leaf can never be passed off as an inner node.
    static let leafPrefix: [UInt8] = [0x00]
    static let nodePrefix: [UInt8] = [0x01]

    /// SHA-256(0x00 ‖ entry): the hash of one log entry.
    public static func leafHash(_ entry: [UInt8]) throws -> [UInt8] {
        let hasher = try SHA256()
        try hasher.update(leafPrefix)
        try hasher.update(entry)
        return try hasher.finalize()
    }

    /// SHA-256(0x01 ‖ left ‖ right): an inner node. Lengths are not checked here (the RFC test
    /// vectors hash raw strings); callers that take hashes from outside check them first.
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) throws -> [UInt8] {
        let hasher = try SHA256()
        try hasher.update(nodePrefix)
        try hasher.update(left)
        try hasher.update(right)
        return try hasher.finalize()
    }

    /// MTH of the empty list: SHA-256 of the empty string.
    public static func emptyRoot() throws -> [UInt8] {
        try SHA256.hash([UInt8]())
    }

    /// MTH over a list of leaf hashes.
    ///
    /// Keeps a stack of perfect subtrees (at most 64), merging equal-sized neighbours as leaves
    /// arrive, so memory stays O(log n) however many leaves are streamed in.
    public static func root(leafHashes: some Collection<[UInt8]>) throws -> [UInt8] {
        var stack: [(level: Int, hash: [UInt8])] = []
        stack.reserveCapacity(64)
        for (offset, leaf) in leafHashes.enumerated() {
            try push(leaf, offset: offset, onto: &stack)
        }
        // What remains is exactly the perfect-subtree decomposition of the size, largest first.
        return try root(ofPerfectSubtrees: stack.map(\.hash))
    }

    /// The roots of the trees of the first `size` leaves, for each of `sizes` (those larger
    /// than the leaves given are left out), in one pass over the leaves: what checking every
    /// archived checkpoint against one ledger needs, without a pass per checkpoint.
    public static func roots(leafHashes: some Collection<[UInt8]>, atSizes sizes: Set<UInt64>) throws -> [UInt64: [UInt8]] {
        var roots: [UInt64: [UInt8]] = [:]
        if sizes.contains(0) { roots[0] = try emptyRoot() }
        guard let largest = sizes.max(), largest > 0 else { return roots }
        var stack: [(level: Int, hash: [UInt8])] = []
        stack.reserveCapacity(64)
        var count: UInt64 = 0
        for leaf in leafHashes {
            guard count < largest else { break }
            try push(leaf, offset: Int(count), onto: &stack)
            count += 1
            if sizes.contains(count) { roots[count] = try root(ofPerfectSubtrees: stack.map(\.hash)) }
        }
        return roots
    }

    /// Adds leaf number `offset` to a stack of perfect subtrees, merging equal-sized neighbours.
    private static func push(_ leaf: [UInt8], offset: Int, onto stack: inout [(level: Int, hash: [UInt8])]) throws {
        try requireHashSize(leaf, "leaf hash \(offset)")
        stack.append((0, leaf))
        while stack.count >= 2, stack[stack.count - 1].level == stack[stack.count - 2].level {
            let right = stack.removeLast()
            let left = stack.removeLast()
            stack.append((left.level + 1, try nodeHash(left.hash, right.hash)))
        }
    }

    /// The tree root from the roots of the perfect subtrees that decompose [0, n) left to right
    /// (one per binary digit of n, largest first).
    ///
    /// RFC 9162 splits at the largest power of two below n, so the left part is always the
    /// largest perfect subtree and the right part recurses on the rest: folding from the right
    /// reproduces exactly that shape.
    public static func root(ofPerfectSubtrees roots: [[UInt8]]) throws -> [UInt8] {
        for (offset, hash) in roots.enumerated() { try requireHashSize(hash, "subtree root \(offset)") }
        guard var accumulator = roots.last else { return try emptyRoot() }
        for hash in roots.dropLast().reversed() {
            accumulator = try nodeHash(hash, accumulator)
        }
        return accumulator
    }

    /// The perfect subtrees decomposing [0, size), largest first. A subtree at `level` L and
    /// `index` i covers leaves [i·2^L, (i+1)·2^L).
    public static func perfectSubtrees(size: UInt64) -> [(level: Int, index: UInt64)] {
        var result: [(level: Int, index: UInt64)] = []
        var covered: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (UInt64(1) << level) != 0 {
            result.append((level, covered >> level))
            covered += UInt64(1) << level  // never overflows: covered ≤ size
        }
        return result
    }

    /// MTH(D[start:end]) from perfect-subtree hashes, for the ranges RFC 9162 proofs use.
    ///
    /// Every range that PATH and SUBPROOF split off starts at a multiple of the smallest power
    /// of two ≥ its length; for such a range the RFC's own split (largest power of two below the
    /// length) lines up with aligned perfect subtrees of the whole tree, so the range hash is the
    /// fold of those. Other ranges have inner nodes that are not nodes of the tree, so a tile
    /// store could not serve them: they throw `invalidRange`. An empty range is the empty tree.
    public static func subtreeHash(
        start: UInt64, end: UInt64,
        perfectSubtreeHash: (_ level: Int, _ index: UInt64) throws -> [UInt8]
    ) throws -> [UInt8] {
        if start == end { return try emptyRoot() }
        guard isSubtreeRange(start: start, end: end) else { throw MerkleError.invalidRange(start: start, end: end) }
        let parts = try perfectSubtrees(size: end - start).map { part in
            // start is aligned to at least 2^level, so the shift is exact.
            try perfectSubtreeHash(part.level, (start >> part.level) + part.index)
        }
        return try root(ofPerfectSubtrees: parts)
    }

    /// Whether [start, end) is non-empty and start is a multiple of the smallest power of two
    /// ≥ end - start (the ranges that occur as nodes of some RFC 9162 tree).
    static func isSubtreeRange(start: UInt64, end: UInt64) -> Bool {
        guard start < end else { return false }
        let size = end - start
        // The smallest power of two ≥ size would be 2^64 here: only start 0 is a multiple of it.
        if size > UInt64(1) << 63 { return start == 0 }
        let ceiling: UInt64 = size == 1 ? 1 : UInt64(1) << (64 - (size - 1).leadingZeroBitCount)
        return start % ceiling == 0
    }

    /// Throws unless `hash` is exactly 32 bytes; `what` names it in the error.
    static func requireHashSize(_ hash: [UInt8], _ what: @autoclosure () -> String) throws {
        guard hash.count == hashSize else { throw MerkleError.hashWrongSize(what: what(), count: hash.count) }
    }
}
