import Foundation
import Testing
@testable import EvidenceStore

/// Proofs served from a real tile store (docs/VERIFICATION.md §3): every inclusion and
/// consistency proof verifies, and a damaged store yields no proof at all.
@Suite struct ProofLedgerTests {
    /// A ledger committed at each of `sizes`, with the checkpoints it signed.
    static func ledger(sizes: [Int]) throws -> (UnitLedger, [[UInt8]], [Checkpoint]) {
        let ledger = try UnitLedger()
        let entries = (0..<(sizes.max() ?? 0)).map(UnitLedger.entry)
        let writer = try ledger.freshWriter()
        var checkpoints: [Checkpoint] = []
        var written = 0
        for size in sizes {
            while written < size {
                try writer.append(entries[written])
                written += 1
            }
            checkpoints.append(try writer.commit(origin: UnitLedger.origin, signer: ledger.signer).0)
        }
        return (ledger, entries, checkpoints)
    }

    @Test func inclusionProofsOfEveryEntryVerifyAcrossTileBoundaries() throws {
        let (ledger, entries, checkpoints) = try Self.ledger(sizes: [1, 7, 256, 300])
        for checkpoint in checkpoints {
            for index in 0..<checkpoint.size {
                let proof = try ledger.store.inclusionProof(index: index, checkpoint: checkpoint)
                #expect(proof.entry == entries[Int(index)])
                #expect(proof.leafHash == (try Merkle.leafHash(entries[Int(index)])))
                #expect(proof.treeSize == checkpoint.size && proof.leafIndex == index)
                try Merkle.verifyInclusion(leafIndex: index, treeSize: checkpoint.size, leafHash: proof.leafHash,
                                           proof: proof.auditPath, root: checkpoint.rootHash)
            }
        }
    }

    @Test func consistencyProofsBetweenEveryPairOfCheckpointsVerify() throws {
        let (ledger, _, checkpoints) = try Self.ledger(sizes: [1, 2, 5, 8, 255, 256, 257, 300])
        for (offset, old) in checkpoints.enumerated() {
            for new in checkpoints[offset...] {
                let proof = try ledger.store.consistencyProof(from: old, to: new)
                try Merkle.verifyConsistency(size1: old.size, size2: new.size, root1: old.rootHash, root2: new.rootHash,
                                             proof: proof.path)
                #expect(proof.oldSize == old.size && proof.newSize == new.size)
            }
        }
    }

    @Test func aProofFromAnotherTreeFailsToVerify() throws {
        let (ledger, _, checkpoints) = try Self.ledger(sizes: [5, 9])
        let proof = try ledger.store.inclusionProof(index: 3, checkpoint: checkpoints[1])
        #expect(throws: MerkleError.self) { try proof.verify(root: checkpoints[0].rootHash) }
        var forged = checkpoints[0]
        forged.rootHash[0] ^= 1
        #expect(throws: MerkleError.self) { _ = try ledger.store.consistencyProof(from: forged, to: checkpoints[1]) }
    }

    @Test func aDamagedBundleGivesNoInclusionProof() throws {
        let (ledger, _, checkpoints) = try Self.ledger(sizes: [6])
        let bundle = ledger.path(TilePath.entryBundle(index: 0, width: 6))
        var bytes = try UnitFiles.read(bundle)
        bytes[bytes.count - 1] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: bundle))
        // The last entry's bytes changed: its leaf hash no longer leads to the signed root.
        #expect(throws: MerkleError.self) { _ = try ledger.store.inclusionProof(index: 5, checkpoint: checkpoints[0]) }
        // The others still prove.
        _ = try ledger.store.inclusionProof(index: 0, checkpoint: checkpoints[0])
    }
}
