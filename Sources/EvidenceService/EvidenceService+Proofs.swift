import EvidenceStore
import Foundation

extension EvidenceService {
    /// Inclusion proofs of every ledger entry about an item the user may view.
    public func itemProofs(_ context: UserContext, itemID: String, wait: Double = 0) async throws -> ItemProofs {
        try await perform(context) { session in
            let (item, events, proofs) = try session.itemProofs(itemID: itemID, wait: wait)
            return ItemProofs(item: item.id, events: events, proofs: proofs, view: session.view)
        }
    }

    /// A consistency proof from an older signed checkpoint (read from `checkpointFile`) to
    /// the newest. Needs no sign-in: checkpoints and tiles are public, and the older
    /// checkpoint is refused unless a log key of the ledger signed it.
    public func consistencyProof(checkpointFile: String) async throws -> ConsistencyProofReport {
        let configuration = self.configuration
        return try await BlockingWork.run {
            let repository = try Repository(path: configuration.repositoryPath)
            let host = HostState(root: configuration.stateRoot, repositoryID: repository.repositoryID)
            let view = try repository.readLedgerView(host: host)
            let (old, oldKey, proof) = try repository.consistencyProof(fromCheckpointFile: checkpointFile, view: view)
            return ConsistencyProofReport(old: old, oldKey: oldKey, proof: proof, view: view)
        }
    }
}
