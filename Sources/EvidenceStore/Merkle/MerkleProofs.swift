/// Proof generation, RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (PROOF / SUBPROOF).
///
/// The RFC defines both recursively over sub-lists D[a:b]. Here the recursion is unrolled into
/// a walk from the root down with absolute ranges [lo, hi), collecting the sibling of each step;
/// the RFC lists those bottom-up, so they are reversed at the end. The hashes of the ranges come
/// from `subtreeHash(start, end)` = MTH(D[start:end]); every range asked for is a node of the
/// tree (see `Merkle.subtreeHash(start:end:perfectSubtreeHash:)` to serve them from tiles).
extension Merkle {
    /// PATH(leafIndex, D[treeSize]): the inclusion proof of one leaf, lowest sibling first.
    public static func inclusionProof(
        leafIndex: UInt64, treeSize: UInt64,
        subtreeHash: (UInt64, UInt64) throws -> [UInt8]
    ) throws -> [[UInt8]] {
        guard leafIndex < treeSize else { throw MerkleError.indexBeyondSize(index: leafIndex, size: treeSize) }
        var lo: UInt64 = 0, hi = treeSize
        var siblings: [[UInt8]] = []
        while hi - lo > 1 {
            let split = lo + largestPowerOfTwo(below: hi - lo)
            if leafIndex < split {
                siblings.append(try checkedHash(subtreeHash, split, hi))  // PATH(m, D[0:k]) : MTH(D[k:n])
                hi = split
            } else {
                siblings.append(try checkedHash(subtreeHash, lo, split))  // PATH(m-k, D[k:n]) : MTH(D[0:k])
                lo = split
            }
        }
        return siblings.reversed()
    }

    /// PROOF(size1, D[size2]): the consistency proof from the tree of size `size1` to the tree of
    /// size `size2`. Empty when size1 is 0 or equal to size2 (nothing to prove).
    public static func consistencyProof(
        size1: UInt64, size2: UInt64,
        subtreeHash: (UInt64, UInt64) throws -> [UInt8]
    ) throws -> [[UInt8]] {
        guard size1 <= size2 else { throw MerkleError.sizesOutOfOrder(size1: size1, size2: size2) }
        if size1 == 0 || size1 == size2 { return [] }
        // SUBPROOF(m, D[lo:hi], b), with m counted from the start of the whole tree.
        var lo: UInt64 = 0, hi = size2
        var isWholeOldTree = true  // the RFC's b: true while D[lo:hi] still starts the old tree
        var siblings: [[UInt8]] = []
        while size1 != hi {
            let split = lo + largestPowerOfTwo(below: hi - lo)
            if size1 <= split {
                siblings.append(try checkedHash(subtreeHash, split, hi))  // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
                hi = split
            } else {
                siblings.append(try checkedHash(subtreeHash, lo, split))  // SUBPROOF(m-k, D[k:n], false) : MTH(D[0:k])
                lo = split
                isWholeOldTree = false
            }
        }
        // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}.
        let seed = isWholeOldTree ? [] : [try checkedHash(subtreeHash, lo, hi)]
        return seed + siblings.reversed()
    }

    /// The largest power of two strictly below n (n ≥ 2): the RFC's split point k.
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        UInt64(1) << (bitLength(n - 1) - 1)
    }

    /// Asks the caller for MTH(D[start:end]) and refuses anything that is not a 32-byte hash, so
    /// a damaged store cannot produce a proof that silently fails elsewhere.
    private static func checkedHash(
        _ subtreeHash: (UInt64, UInt64) throws -> [UInt8], _ start: UInt64, _ end: UInt64
    ) throws -> [UInt8] {
        let hash = try subtreeHash(start, end)
        try requireHashSize(hash, "hash of [\(start), \(end))")
        return hash
    }
}
