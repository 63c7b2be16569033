import Foundation
import Testing
@testable import EvidenceStore

/// The proofs `evidence prove` and the custody report hand out (`InclusionProof`,
/// `ConsistencyProof`) against the transparency-dev/merkle probes in Tests/Fixtures: every probe
/// that must verify does, every mutation fails, and where a probe is about the RFC 6962
/// reference tree, the proof we generate for it is exactly the probe's proof.
///
/// An `InclusionProof` carries its entry, not only a leaf hash, so a probe is used when one of
/// the reference tree's leaf inputs hashes to its leaf hash (the others are covered at the
/// level of `Merkle.verifyInclusion` by `MerkleVectorTests`).
@Suite
struct ProofVectorTests {
    static let inclusionFiles = MerkleVectorTests.probeFiles.filter { $0.hasPrefix("inclusion/") }
    static let consistencyFiles = MerkleVectorTests.probeFiles.filter { $0.hasPrefix("consistency/") }

    static func probe(_ name: String) throws -> MerkleProbe {
        try JSONDecoder().decode(MerkleProbe.self, from: Data(contentsOf: MerkleVectors.url("transparency-dev/" + name)))
    }

    /// MTH(D[start:end]) of the reference tree, as proof generation asks for it.
    static func referenceHash(_ tree: MerkleReferenceTreeTests.Tree) -> (UInt64, UInt64) throws -> [UInt8] {
        { start, end in try MerkleReference.mth(tree.leaves[Int(start)..<Int(end)]) }
    }

    @Test func theProbesArePresent() {
        #expect(Self.inclusionFiles.count > 50 && Self.consistencyFiles.count > 50)
    }

    @Test(arguments: inclusionFiles)
    func inclusion(_ name: String) throws {
        let probe = try Self.probe(name)
        let (reference, tree) = try MerkleReferenceTreeTests.load()
        guard let leafHash = try? probe.bytes(probe.leafHash), let position = tree.leaves.firstIndex(of: leafHash),
              let leafIndex = probe.leafIdx, let treeSize = probe.treeSize else {
            // No entry of ours hashes to this leaf hash: a mutated hash, or another tree.
            #expect(probe.wantErr || name.hasPrefix("inclusion/single-entry/"), "\(name): a valid probe left unused")
            return
        }
        let entry = try MerkleTestBytes.fromHex(reference.leaf_inputs_hex[position])
        let proof = InclusionProof(entry: entry, leafHash: leafHash, leafIndex: leafIndex, treeSize: treeSize,
                                   auditPath: try probe.proofBytes())
        let outcome = Result { try proof.verify(root: probe.bytes(probe.root)) }
        switch outcome {
        case .success:
            #expect(!probe.wantErr, "\(name) (\(probe.desc)): accepted but must fail")
            // A valid probe about the reference tree: we generate the very same path.
            let generated = try Merkle.inclusionProof(leafIndex: leafIndex, treeSize: treeSize,
                                                      subtreeHash: Self.referenceHash(tree))
            #expect(generated == proof.auditPath, "\(name): our PATH differs from the probe's")
        case .failure(let error):
            #expect(probe.wantErr, "\(name) (\(probe.desc)): rejected with “\(error)” but must pass")
        }
    }

    @Test(arguments: consistencyFiles)
    func consistency(_ name: String) throws {
        let probe = try Self.probe(name)
        let outcome = Result {
            let proof = ConsistencyProof(oldSize: try probe.require(probe.size1), oldRoot: try probe.bytes(probe.root1),
                                         newSize: try probe.require(probe.size2), newRoot: try probe.bytes(probe.root2),
                                         path: try probe.proofBytes())
            try proof.verify()
            return proof
        }
        // Our strictness (hashes of exactly 32 bytes) overrides a few probes' wantErr = false.
        let mustFail = probe.wantErr || MerkleVectorTests.strictnessOverrides[name] != nil
        switch outcome {
        case .success(let proof):
            #expect(!mustFail, "\(name) (\(probe.desc)): accepted but must fail")
            let (_, tree) = try MerkleReferenceTreeTests.load()
            // A valid probe about the reference tree: we generate the very same proof.
            guard proof.newSize <= 8, tree.roots[Int(proof.newSize)] == proof.newRoot,
                  tree.roots[Int(proof.oldSize)] == proof.oldRoot else { return }
            let generated = try Merkle.consistencyProof(size1: proof.oldSize, size2: proof.newSize,
                                                        subtreeHash: Self.referenceHash(tree))
            #expect(generated == proof.path, "\(name): our PROOF differs from the probe's")
        case .failure(let error):
            #expect(mustFail, "\(name) (\(probe.desc)): rejected with “\(error)” but must pass")
        }
    }

    @Test func anEntryThatDoesNotHashToTheLeafHashFails() throws {
        let (reference, tree) = try MerkleReferenceTreeTests.load()
        let path = try Merkle.inclusionProof(leafIndex: 3, treeSize: 8, subtreeHash: Self.referenceHash(tree))
        let entry = try MerkleTestBytes.fromHex(reference.leaf_inputs_hex[3])
        let good = InclusionProof(entry: entry, leafHash: tree.leaves[3], leafIndex: 3, treeSize: 8, auditPath: path)
        try good.verify(root: tree.roots[8])
        // The right leaf hash and path, but an entry with one more byte: the entry is what matters.
        let swapped = InclusionProof(entry: entry + [0], leafHash: tree.leaves[3], leafIndex: 3, treeSize: 8, auditPath: path)
        #expect(throws: LedgerError.self) { try swapped.verify(root: tree.roots[8]) }
        // Against an older tree's root the same proof fails.
        #expect(throws: MerkleError.self) { try good.verify(root: tree.roots[7]) }
    }
}
