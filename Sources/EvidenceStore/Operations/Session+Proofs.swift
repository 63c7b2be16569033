extension Session {
    /// `evidence prove ITEM`: the inclusion proof of every ledger entry about an item the
    /// user may view, against the newest checkpoint (`view.signedCheckpoint`).
    public func itemProofs(itemID: String, wait: Double) throws -> (item: ItemRecord, events: [EntryRecord],
                                                                   proofs: [InclusionProof]) {
        let (item, _) = try findItem(itemID, for: .viewMetadata, wait: wait)
        let checkpoint = view.checkpoint
        let events = try itemEvents(item.id).filter { $0.seq >= 0 && UInt64($0.seq) < checkpoint.size }
        let proofs = try wrapFormatErrors {
            try events.map { try repository.ledger.inclusionProof(index: UInt64($0.seq), checkpoint: checkpoint) }
        }
        return (item, events, proofs)
    }
}
