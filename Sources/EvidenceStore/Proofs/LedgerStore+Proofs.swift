/// Proofs served from the tiles (RFC 9162 §2.1.3 and §2.1.4), each checked with the verifier
/// before it is handed out, so that a damaged ledger never yields a proof that fails later
/// in someone else's hands.
extension LedgerStore {
    /// The inclusion proof of entry `index` in the tree that `checkpoint` signs.
    public func inclusionProof(index: UInt64, checkpoint: Checkpoint) throws -> InclusionProof {
        let size = checkpoint.size
        let entry = try self.entry(at: index, treeSize: size)
        let path = try Merkle.inclusionProof(leafIndex: index, treeSize: size) { start, end in
            try subtreeHash(start: start, end: end, treeSize: size)
        }
        let proof = InclusionProof(entry: entry, leafHash: try Merkle.leafHash(entry), leafIndex: index, treeSize: size,
                                   auditPath: path)
        try proof.verify(root: checkpoint.rootHash)
        return proof
    }

    /// The consistency proof from the tree `old` signs to the tree `new` signs (old.size ≤ new.size).
    public func consistencyProof(from old: Checkpoint, to new: Checkpoint) throws -> ConsistencyProof {
        let path = try Merkle.consistencyProof(size1: old.size, size2: new.size) { start, end in
            try subtreeHash(start: start, end: end, treeSize: new.size)
        }
        let proof = ConsistencyProof(oldSize: old.size, oldRoot: old.rootHash, newSize: new.size, newRoot: new.rootHash,
                                     path: path)
        try proof.verify()
        return proof
    }
}
