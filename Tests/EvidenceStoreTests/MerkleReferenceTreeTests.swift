import Foundation
import Testing
@testable import EvidenceStore

/// The RFC 6962 reference tree of 8 leaves (transparency-dev/merkle testonly/constants.go,
/// transcribed into Tests/Fixtures/vectors/merkle/reference-tree-8-leaves.json).
///
/// The file has no proof paths, so generated proofs are checked three ways instead: they verify
/// against the file's roots, they equal the literal recursive RFC 9162 PATH/PROOF
/// (`MerkleReference`), and a flipped bit in any hash makes them fail.
@Suite
struct MerkleReferenceTreeTests {
    struct Reference: Decodable {
        struct HasherVector: Decodable {
            var desc: String
            var input_hex: String?
            var input_ascii: String?
            var left_ascii: String?
            var right_ascii: String?
            var want: String
        }
        var leaf_inputs_hex: [String]
        var node_hashes_by_level_hex: [[String]]
        var root_hash_by_tree_size_hex: [String: String]
        var rfc6962_hasher_vectors: [HasherVector]
    }

    struct Tree {
        var leaves: [[UInt8]]  // leaf hashes
        var nodes: [[[UInt8]]]  // nodes[level][index]
        var roots: [[UInt8]]  // roots[size], 0…8
    }

    static func load() throws -> (Reference, Tree) {
        let data = try Data(contentsOf: MerkleVectors.url("reference-tree-8-leaves.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        let leaves = try reference.leaf_inputs_hex.map { try Merkle.leafHash(MerkleTestBytes.fromHex($0)) }
        let nodes = try reference.node_hashes_by_level_hex.map { try $0.map { try MerkleTestBytes.fromHex($0) } }
        let roots = try (0...8).map { size -> [UInt8] in
            guard let hex = reference.root_hash_by_tree_size_hex[String(size)] else {
                throw MerkleTestDataError("no root for size \(size)")
            }
            return try MerkleTestBytes.fromHex(hex)
        }
        return (reference, Tree(leaves: leaves, nodes: nodes, roots: roots))
    }

    @Test func hasherVectors() throws {
        let (reference, _) = try Self.load()
        #expect(reference.rfc6962_hasher_vectors.count == 4)
        for vector in reference.rfc6962_hasher_vectors {
            let want = try MerkleTestBytes.fromHex(vector.want)
            let got: [UInt8]
            if let left = vector.left_ascii, let right = vector.right_ascii {
                got = try Merkle.nodeHash(Array(left.utf8), Array(right.utf8))
            } else if let hex = vector.input_hex {
                got = try Merkle.leafHash(MerkleTestBytes.fromHex(hex))
            } else if let ascii = vector.input_ascii {
                got = try Merkle.leafHash(Array(ascii.utf8))
            } else {
                got = try Merkle.emptyRoot()
            }
            #expect(got == want, "\(vector.desc)")
        }
    }

    @Test func leafAndNodeHashes() throws {
        let (_, tree) = try Self.load()
        #expect(tree.nodes.count == 4)
        #expect(tree.leaves == tree.nodes[0])
        for (level, hashes) in tree.nodes.enumerated() {
            for (index, want) in hashes.enumerated() {
                let span = 1 << level
                #expect(try Merkle.root(leafHashes: tree.leaves[(index * span)..<((index + 1) * span)]) == want)
                // The same node through the perfect-subtree interface.
                let got = try Merkle.subtreeHash(start: UInt64(index * span), end: UInt64((index + 1) * span)) {
                    l, i in tree.nodes[l][Int(i)]
                }
                #expect(got == want, "level \(level) index \(index)")
            }
        }
    }

    @Test func rootsForEverySize() throws {
        let (_, tree) = try Self.load()
        for size in 0...8 {
            #expect(try Merkle.root(leafHashes: tree.leaves.prefix(size)) == tree.roots[size], "size \(size)")
            let parts = Merkle.perfectSubtrees(size: UInt64(size)).map { tree.nodes[$0.level][Int($0.index)] }
            #expect(try Merkle.root(ofPerfectSubtrees: parts) == tree.roots[size], "size \(size) from subtrees")
            let fromSubtrees = try Merkle.subtreeHash(start: 0, end: UInt64(size)) { l, i in tree.nodes[l][Int(i)] }
            #expect(fromSubtrees == tree.roots[size])
        }
    }

    @Test func inclusionProofsForEveryIndexAndSize() throws {
        let (_, tree) = try Self.load()
        for size in 1...8 {
            let hashOf = Self.rangeHash(tree, size: size)
            for index in 0..<size {
                let proof = try Merkle.inclusionProof(leafIndex: UInt64(index), treeSize: UInt64(size), subtreeHash: hashOf)
                #expect(proof == (try MerkleReference.path(index, tree.leaves.prefix(size)[...])), "\(index) in \(size)")
                try Merkle.verifyInclusion(
                    leafIndex: UInt64(index), treeSize: UInt64(size),
                    leafHash: tree.leaves[index], proof: proof, root: tree.roots[size])
                for tampered in Self.bitFlips(proof) {
                    #expect(throws: MerkleError.rootMismatch(what: "root")) {
                        try Merkle.verifyInclusion(
                            leafIndex: UInt64(index), treeSize: UInt64(size),
                            leafHash: tree.leaves[index], proof: tampered, root: tree.roots[size])
                    }
                }
                // Every other leaf at this position must be refused.
                for other in 0..<size where tree.leaves[other] != tree.leaves[index] {
                    #expect(throws: MerkleError.self) {
                        try Merkle.verifyInclusion(
                            leafIndex: UInt64(index), treeSize: UInt64(size),
                            leafHash: tree.leaves[other], proof: proof, root: tree.roots[size])
                    }
                }
            }
        }
    }

    @Test func consistencyProofsForEveryPair() throws {
        let (_, tree) = try Self.load()
        for size2 in 0...8 {
            let hashOf = Self.rangeHash(tree, size: size2)
            for size1 in 0...size2 {
                let proof = try Merkle.consistencyProof(size1: UInt64(size1), size2: UInt64(size2), subtreeHash: hashOf)
                let want = size1 == 0 || size1 == size2 ? [] : try MerkleReference.proof(size1, tree.leaves.prefix(size2)[...])
                #expect(proof == want, "\(size1) → \(size2)")
                try Merkle.verifyConsistency(
                    size1: UInt64(size1), size2: UInt64(size2),
                    root1: tree.roots[size1], root2: tree.roots[size2], proof: proof)
                for tampered in Self.bitFlips(proof) {
                    #expect(throws: MerkleError.self) {
                        try Merkle.verifyConsistency(
                            size1: UInt64(size1), size2: UInt64(size2),
                            root1: tree.roots[size1], root2: tree.roots[size2], proof: tampered)
                    }
                }
                if size1 > 0, size1 < size2 {
                    // The wrong old root, or claiming a different old size, must be refused.
                    #expect(throws: MerkleError.self) {
                        try Merkle.verifyConsistency(
                            size1: UInt64(size1), size2: UInt64(size2),
                            root1: tree.roots[size1 - 1], root2: tree.roots[size2], proof: proof)
                    }
                    #expect(throws: MerkleError.self) {
                        try Merkle.verifyConsistency(
                            size1: UInt64(size1 + 1), size2: UInt64(size2),
                            root1: tree.roots[size1], root2: tree.roots[size2], proof: proof)
                    }
                }
            }
        }
    }

    /// MTH(D[start:end]) of the first `size` leaves, as the proof generators ask for it.
    static func rangeHash(_ tree: Tree, size: Int) -> (UInt64, UInt64) throws -> [UInt8] {
        { start, end in
            guard start < end, end <= UInt64(size) else { throw MerkleTestDataError("range [\(start), \(end)) outside \(size)") }
            return try MerkleReference.mth(tree.leaves[Int(start)..<Int(end)])
        }
    }

    /// The proof with one bit flipped, once in each hash.
    static func bitFlips(_ proof: [[UInt8]]) -> [[[UInt8]]] {
        proof.indices.map { position in
            var copy = proof
            copy[position][position % Merkle.hashSize] ^= 0x01
            return copy
        }
    }
}
