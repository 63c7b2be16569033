/// Proof verification, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
///
/// The loops follow the RFC text step by step so that a reviewer can hold them side by side.
/// On top of the RFC we are strict in two ways, where a few transparency-dev vectors
/// (Tests/Fixtures/vectors/merkle) are lenient: every hash must be exactly 32 bytes, and the
/// root of a size-0 tree must be SHA-256(""). The proof length is checked before any hashing,
/// so a short or padded proof gets a precise error.
extension Merkle {
    /// Throws unless `proof` shows that `leafHash` is leaf `leafIndex` of the tree of size
    /// `treeSize` whose root is `root`.
    public static func verifyInclusion(
        leafIndex: UInt64, treeSize: UInt64, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8]
    ) throws {
        try requireHashSize(leafHash, "leaf hash")
        try requireHashSize(root, "root")
        try requireProofHashSizes(proof)
        if treeSize == 0, root != (try emptyRoot()) { throw MerkleError.emptyTreeRootMismatch(what: "root") }
        guard leafIndex < treeSize else { throw MerkleError.indexBeyondSize(index: leafIndex, size: treeSize) }
        let want = inclusionProofLength(leafIndex: leafIndex, treeSize: treeSize)
        guard proof.count == want else { throw MerkleError.wrongProofLength(got: proof.count, want: want) }

        // RFC 9162 §2.1.3.2, steps 3-6.
        var fn = leafIndex, sn = treeSize - 1, r = leafHash
        for p in proof {
            guard sn != 0 else { throw MerkleError.wrongProofLength(got: proof.count, want: want) }
            if fn & 1 == 1 || fn == sn {
                r = try nodeHash(p, r)
                if fn & 1 == 0 {
                    // On the right border: skip the levels where this node has no right sibling.
                    repeat { fn >>= 1; sn >>= 1 } while fn & 1 == 0 && fn != 0
                }
            } else {
                r = try nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        guard sn == 0 else { throw MerkleError.wrongProofLength(got: proof.count, want: want) }
        guard r == root else { throw MerkleError.rootMismatch(what: "root") }
    }

    /// Throws unless `proof` shows that the tree of size `size1` with root `root1` is a prefix of
    /// the tree of size `size2` with root `root2`.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: [UInt8], root2: [UInt8], proof: [[UInt8]]
    ) throws {
        guard size1 <= size2 else { throw MerkleError.sizesOutOfOrder(size1: size1, size2: size2) }
        try requireHashSize(root1, "root1")
        try requireHashSize(root2, "root2")
        try requireProofHashSizes(proof)
        let empty = try emptyRoot()
        if size1 == 0, root1 != empty { throw MerkleError.emptyTreeRootMismatch(what: "root1") }
        if size2 == 0, root2 != empty { throw MerkleError.emptyTreeRootMismatch(what: "root2") }
        if size1 == size2 {
            // The same tree: nothing to prove, the roots must simply agree.
            guard proof.isEmpty else { throw MerkleError.proofNotEmpty(count: proof.count) }
            guard root1 == root2 else { throw MerkleError.rootMismatch(what: "root2") }
            return
        }
        if size1 == 0 {
            // Every tree extends the empty tree; a proof would prove nothing and is refused.
            guard proof.isEmpty else { throw MerkleError.proofNotEmpty(count: proof.count) }
            return
        }
        let want = consistencyProofLength(size1: size1, size2: size2)
        guard proof.count == want else { throw MerkleError.wrongProofLength(got: proof.count, want: want) }

        // RFC 9162 §2.1.4.2, steps 2-7.
        // When the old tree is one perfect subtree, the proof omits its root: root1 stands in.
        let path = size1 & (size1 - 1) == 0 ? [root1] + proof : proof
        var fn = size1 - 1, sn = size2 - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        guard var fr = path.first else { throw MerkleError.wrongProofLength(got: proof.count, want: want) }
        var sr = fr
        for c in path.dropFirst() {
            guard sn != 0 else { throw MerkleError.wrongProofLength(got: proof.count, want: want) }
            if fn & 1 == 1 || fn == sn {
                fr = try nodeHash(c, fr)
                sr = try nodeHash(c, sr)
                if fn & 1 == 0 {
                    repeat { fn >>= 1; sn >>= 1 } while fn & 1 == 0 && fn != 0
                }
            } else {
                sr = try nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        guard sn == 0 else { throw MerkleError.wrongProofLength(got: proof.count, want: want) }
        guard fr == root1 else { throw MerkleError.rootMismatch(what: "root1") }
        guard sr == root2 else { throw MerkleError.rootMismatch(what: "root2") }
    }

    /// Number of hashes in PATH(leafIndex, D[treeSize]); requires leafIndex < treeSize.
    ///
    /// Below the level where the paths to `leafIndex` and to the last leaf part ("inner"), every
    /// level contributes a sibling; above it, only levels where the leaf is a right child do.
    static func inclusionProofLength(leafIndex: UInt64, treeSize: UInt64) -> Int {
        let inner = bitLength(leafIndex ^ (treeSize - 1))
        return inner + (leafIndex >> inner).nonzeroBitCount
    }

    /// Number of hashes in PROOF(size1, D[size2]); requires 0 < size1 < size2.
    ///
    /// It is the inclusion path of leaf size1-1 in the new tree, minus the levels inside the
    /// old tree's last perfect subtree (which the verifier gets from that subtree's root), plus
    /// that root itself unless the old tree is that one subtree (then root1 stands in for it).
    static func consistencyProofLength(size1: UInt64, size2: UInt64) -> Int {
        let inner = bitLength((size1 - 1) ^ (size2 - 1))
        let border = ((size1 - 1) >> inner).nonzeroBitCount
        let shift = size1.trailingZeroBitCount
        let seed = size1 & (size1 - 1) == 0 ? 0 : 1
        return seed + (inner - shift) + border
    }

    static func bitLength(_ x: UInt64) -> Int { UInt64.bitWidth - x.leadingZeroBitCount }

    static func requireProofHashSizes(_ proof: [[UInt8]]) throws {
        for (offset, hash) in proof.enumerated() { try requireHashSize(hash, "proof[\(offset)]") }
    }
}
