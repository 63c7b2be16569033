import Testing
@testable import EvidenceStore

/// The API's edges and the exact error each bad input gets (the vectors only say "fails").
@Suite struct MerkleUnitTests {
    /// Deterministic leaf hashes, made per test so a hashing failure is reported, not hidden.
    static func makeLeaves() throws -> [[UInt8]] { try MerkleTestBytes.randomLeafHashes(count: 16, seed: 16) }

    @Test func perfectSubtreeDecomposition() {
        #expect(Merkle.perfectSubtrees(size: 0).isEmpty)
        #expect(Merkle.perfectSubtrees(size: 1).map { [$0.level, Int($0.index)] } == [[0, 0]])
        // 13 = 8 + 4 + 1: [0,8) [8,12) [12,13)
        #expect(Merkle.perfectSubtrees(size: 13).map { [$0.level, Int($0.index)] } == [[3, 0], [2, 2], [0, 12]])
        let all = Merkle.perfectSubtrees(size: .max)
        #expect(all.count == 64)
        #expect(all.first?.level == 63 && all.first?.index == 0)
        #expect(all.last?.level == 0 && all.last?.index == UInt64.max - 1)
    }

    @Test func rootsOfEdgeCases() throws {
        let leaves = try Self.makeLeaves()
        let empty = try Merkle.emptyRoot()
        #expect(MerkleTestBytes.hex(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try Merkle.root(leafHashes: [[UInt8]]()) == empty)
        #expect(try Merkle.root(ofPerfectSubtrees: []) == empty)
        #expect(try Merkle.root(leafHashes: [leaves[0]]) == leaves[0])
        #expect(throws: MerkleError.hashWrongSize(what: "leaf hash 1", count: 31)) {
            try Merkle.root(leafHashes: [leaves[0], Array(leaves[1].dropLast())])
        }
        for size in 0...16 {
            let prefix = leaves.prefix(size)
            #expect(try Merkle.root(leafHashes: prefix) == (try MerkleReference.mth(prefix)))
        }
    }

    @Test func rootsAtManySizesInOnePass() throws {
        let leaves = try MerkleTestBytes.randomLeafHashes(count: 300, seed: 300)
        let sizes: Set<UInt64> = [0, 1, 2, 3, 7, 8, 9, 255, 256, 257, 299, 300, 301, 1000]
        let roots = try Merkle.roots(leafHashes: leaves, atSizes: sizes)
        // Sizes beyond the leaves given are left out; every other is the reference root.
        #expect(Set(roots.keys) == sizes.filter { $0 <= 300 })
        for size in sizes where size <= 300 {
            #expect(roots[size] == (try MerkleReference.mth(leaves.prefix(Int(size)))), "size \(size)")
        }
        #expect(try Merkle.roots(leafHashes: leaves, atSizes: []).isEmpty)
        #expect(throws: MerkleError.hashWrongSize(what: "leaf hash 1", count: 31)) {
            try Merkle.roots(leafHashes: [leaves[0], Array(leaves[1].dropLast())], atSizes: [2])
        }
    }

    @Test func subtreeRanges() throws {
        let leaves = try Self.makeLeaves()
        #expect(Merkle.isSubtreeRange(start: 0, end: 13))
        #expect(Merkle.isSubtreeRange(start: 8, end: 13))  // 5 leaves, aligned to 8
        #expect(Merkle.isSubtreeRange(start: 12, end: 13))
        #expect(!Merkle.isSubtreeRange(start: 4, end: 9))  // 5 leaves would need alignment to 8
        #expect(!Merkle.isSubtreeRange(start: 3, end: 5))
        #expect(!Merkle.isSubtreeRange(start: 5, end: 5))
        #expect(Merkle.isSubtreeRange(start: 0, end: .max))
        #expect(!Merkle.isSubtreeRange(start: 1, end: (1 << 63) + 2))  // would need alignment to 2^64
        #expect(Merkle.isSubtreeRange(start: 1 << 63, end: .max))

        let nodes: (Int, UInt64) throws -> [UInt8] = { level, index in
            try Merkle.root(leafHashes: leaves[Int(index << level)..<Int((index + 1) << level)])
        }
        #expect(try Merkle.subtreeHash(start: 8, end: 13, perfectSubtreeHash: nodes) == (try MerkleReference.mth(leaves[8..<13])))
        #expect(try Merkle.subtreeHash(start: 3, end: 3, perfectSubtreeHash: nodes) == (try Merkle.emptyRoot()))
        #expect(throws: MerkleError.invalidRange(start: 4, end: 9)) {
            try Merkle.subtreeHash(start: 4, end: 9, perfectSubtreeHash: nodes)
        }
        #expect(throws: MerkleError.invalidRange(start: 9, end: 4)) {
            try Merkle.subtreeHash(start: 9, end: 4, perfectSubtreeHash: nodes)
        }
    }

    @Test func inclusionErrors() throws {
        let leaves = try Self.makeLeaves()
        let root = try Merkle.root(leafHashes: leaves.prefix(5))
        let hashes: (UInt64, UInt64) throws -> [UInt8] = { try MerkleReference.mth(leaves[Int($0)..<Int($1)]) }
        let proof = try Merkle.inclusionProof(leafIndex: 2, treeSize: 5, subtreeHash: hashes)
        let leaf = leaves[2]
        #expect(throws: MerkleError.indexBeyondSize(index: 5, size: 5)) {
            try Merkle.verifyInclusion(leafIndex: 5, treeSize: 5, leafHash: leaf, proof: proof, root: root)
        }
        #expect(throws: MerkleError.wrongProofLength(got: 2, want: 3)) {
            try Merkle.verifyInclusion(leafIndex: 2, treeSize: 5, leafHash: leaf, proof: Array(proof.dropLast()), root: root)
        }
        #expect(throws: MerkleError.wrongProofLength(got: 4, want: 3)) {
            try Merkle.verifyInclusion(leafIndex: 2, treeSize: 5, leafHash: leaf, proof: proof + [leaf], root: root)
        }
        #expect(throws: MerkleError.hashWrongSize(what: "proof[1]", count: 33)) {
            var long = proof
            long[1].append(0)
            try Merkle.verifyInclusion(leafIndex: 2, treeSize: 5, leafHash: leaf, proof: long, root: root)
        }
        #expect(throws: MerkleError.hashWrongSize(what: "leaf hash", count: 0)) {
            try Merkle.verifyInclusion(leafIndex: 2, treeSize: 5, leafHash: [], proof: proof, root: root)
        }
        #expect(throws: MerkleError.rootMismatch(what: "root")) {
            try Merkle.verifyInclusion(leafIndex: 2, treeSize: 5, leafHash: leaves[3], proof: proof, root: root)
        }
        #expect(throws: MerkleError.emptyTreeRootMismatch(what: "root")) {
            try Merkle.verifyInclusion(leafIndex: 0, treeSize: 0, leafHash: leaf, proof: [], root: root)
        }
        #expect(throws: MerkleError.indexBeyondSize(index: 0, size: 0)) {
            try Merkle.verifyInclusion(leafIndex: 0, treeSize: 0, leafHash: leaf, proof: [], root: try Merkle.emptyRoot())
        }
        #expect(throws: MerkleError.indexBeyondSize(index: 5, size: 5)) {
            try Merkle.inclusionProof(leafIndex: 5, treeSize: 5, subtreeHash: hashes)
        }
        #expect(throws: MerkleError.hashWrongSize(what: "hash of [4, 5)", count: 3)) {
            try Merkle.inclusionProof(leafIndex: 0, treeSize: 5) { start, end in start == 4 ? [1, 2, 3] : try hashes(start, end) }
        }
    }

    @Test func consistencyErrors() throws {
        let leaves = try Self.makeLeaves()
        let hashes: (UInt64, UInt64) throws -> [UInt8] = { try MerkleReference.mth(leaves[Int($0)..<Int($1)]) }
        let root3 = try Merkle.root(leafHashes: leaves.prefix(3))
        let root7 = try Merkle.root(leafHashes: leaves.prefix(7))
        let empty = try Merkle.emptyRoot()
        let proof = try Merkle.consistencyProof(size1: 3, size2: 7, subtreeHash: hashes)
        try Merkle.verifyConsistency(size1: 3, size2: 7, root1: root3, root2: root7, proof: proof)
        #expect(throws: MerkleError.sizesOutOfOrder(size1: 7, size2: 3)) {
            try Merkle.verifyConsistency(size1: 7, size2: 3, root1: root7, root2: root3, proof: proof)
        }
        #expect(throws: MerkleError.sizesOutOfOrder(size1: 7, size2: 3)) {
            try Merkle.consistencyProof(size1: 7, size2: 3, subtreeHash: hashes)
        }
        #expect(throws: MerkleError.wrongProofLength(got: 0, want: proof.count)) {
            try Merkle.verifyConsistency(size1: 3, size2: 7, root1: root3, root2: root7, proof: [])
        }
        #expect(throws: MerkleError.rootMismatch(what: "root1")) {
            try Merkle.verifyConsistency(size1: 3, size2: 7, root1: root7, root2: root7, proof: proof)
        }
        #expect(throws: MerkleError.rootMismatch(what: "root2")) {
            try Merkle.verifyConsistency(size1: 3, size2: 7, root1: root3, root2: root3, proof: proof)
        }
        // Equal sizes: no proof, equal roots.
        try Merkle.verifyConsistency(size1: 7, size2: 7, root1: root7, root2: root7, proof: [])
        #expect(throws: MerkleError.proofNotEmpty(count: 1)) {
            try Merkle.verifyConsistency(size1: 7, size2: 7, root1: root7, root2: root7, proof: [root7])
        }
        #expect(throws: MerkleError.rootMismatch(what: "root2")) {
            try Merkle.verifyConsistency(size1: 7, size2: 7, root1: root7, root2: root3, proof: [])
        }
        // From the empty tree: its root must be SHA-256(""), the proof empty, root2 well-formed.
        try Merkle.verifyConsistency(size1: 0, size2: 7, root1: empty, root2: root7, proof: [])
        try Merkle.verifyConsistency(size1: 0, size2: 0, root1: empty, root2: empty, proof: [])
        #expect(throws: MerkleError.emptyTreeRootMismatch(what: "root1")) {
            try Merkle.verifyConsistency(size1: 0, size2: 7, root1: root3, root2: root7, proof: [])
        }
        #expect(throws: MerkleError.emptyTreeRootMismatch(what: "root1")) {
            try Merkle.verifyConsistency(size1: 0, size2: 0, root1: root3, root2: root3, proof: [])
        }
        #expect(throws: MerkleError.proofNotEmpty(count: 1)) {
            try Merkle.verifyConsistency(size1: 0, size2: 7, root1: empty, root2: root7, proof: [empty])
        }
        #expect(throws: MerkleError.hashWrongSize(what: "root2", count: 12)) {
            try Merkle.verifyConsistency(size1: 0, size2: 7, root1: empty, root2: Array("don't care 2".utf8), proof: [])
        }
        #expect(try Merkle.consistencyProof(size1: 0, size2: 7, subtreeHash: hashes).isEmpty)
        #expect(try Merkle.consistencyProof(size1: 7, size2: 7, subtreeHash: hashes).isEmpty)
    }

    /// The closed-form proof lengths agree with the RFC's recursive definitions.
    @Test func proofLengths() throws {
        for size in 1...64 {
            let leaves = (0..<size).map { [UInt8](repeating: UInt8($0), count: 32) }
            for index in 0..<size {
                #expect(Merkle.inclusionProofLength(leafIndex: UInt64(index), treeSize: UInt64(size))
                    == (try MerkleReference.path(index, leaves[...]).count))
            }
            for size1 in 1..<size {
                #expect(Merkle.consistencyProofLength(size1: UInt64(size1), size2: UInt64(size))
                    == (try MerkleReference.proof(size1, leaves[...]).count), "\(size1) → \(size)")
            }
        }
        // Huge trees: lengths stay within the 64 levels there are, without overflow.
        #expect(Merkle.inclusionProofLength(leafIndex: 0, treeSize: .max) == 64)
        #expect(Merkle.inclusionProofLength(leafIndex: .max - 1, treeSize: .max) == 63)
        #expect(Merkle.consistencyProofLength(size1: 1, size2: .max) == 64)
    }

    @Test func errorDescriptionsAreSentences() {
        let errors: [MerkleError] = [
            .hashWrongSize(what: "root", count: 3), .indexBeyondSize(index: 1, size: 1),
            .wrongProofLength(got: 1, want: 2), .proofNotEmpty(count: 1), .rootMismatch(what: "root"),
            .emptyTreeRootMismatch(what: "root1"), .sizesOutOfOrder(size1: 2, size2: 1),
            .invalidRange(start: 3, end: 5), .subtreeOutsideTree(level: 1, index: 2, treeSize: 3),
            .tileWrongWidth(path: "tile/0/000", got: 1, want: 256),
        ]
        for error in errors { #expect(!error.description.isEmpty && !error.description.contains("\n")) }
        #expect(MerkleError.indexBeyondSize(index: 9, size: 4).description == "leaf index 9 is beyond the tree size 4")
    }
}
