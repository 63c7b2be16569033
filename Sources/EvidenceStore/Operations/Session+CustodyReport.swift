extension Session {
    /// `evidence custody report`: everything the printable report of one exhibit shows, for a
    /// user who may view it. Every proof is checked against the checkpoint before it is returned.
    public func custodyReport(itemID: String, wait: Double) throws -> CustodyReport {
        let (item, caseRecord) = try findItem(itemID, for: .viewMetadata, wait: wait)
        let names = try userNames()
        let (_, events, proofs) = try itemProofs(itemID: item.id, wait: wait)
        let reportEvents = zip(events, proofs).map { entry, proof in
            CustodyReport.Event(entry: entry, actorName: names[entry.actor] ?? entry.actor,
                                summary: CustodyReport.describe(entry), proof: proof)
        }
        return CustodyReport(
            generatedAt: Timestamp.now(), generatedBy: user.name, repositoryID: repository.repositoryID, item: item,
            caseReference: caseRecord.reference ?? caseRecord.id, caseTitle: caseRecord.title,
            continuity: try continuity(of: item), events: reportEvents, checkpoint: view.checkpoint,
            signedCheckpoint: String(decoding: view.signedCheckpoint, as: UTF8.self), verifierKey: view.checkpointKey,
            logKeyChain: view.logKeyWasRotated ? view.logKeys.links : [])
    }
}
