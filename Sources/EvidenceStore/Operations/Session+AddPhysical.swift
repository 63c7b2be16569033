extension Session {
    /// `evidence add --physical`: records an item that has no file (a knife in a sealed bag)
    /// with its continuity: who seized it, when and where, its seal and where it is kept.
    /// The entry is `physical-item.added`; it has no object and no commitment. Returns the new
    /// item's id and its case's id once the checkpoint covering it is on disk.
    public func addPhysical(options: AddOptions) throws -> (itemID: String, caseID: String) {
        try options.validatePhysical()
        // Decided before the writer lock is taken, so that a refusal can be recorded.
        let caseRecord = try findCase(options.caseReference, for: .addItem, reason: options.reason, wait: options.wait)
        let itemID = try ULID.make(prefix: "itm")
        let transaction = try LedgerTransaction(session: self, wait: options.wait)
        do {
            let classification = options.classification
                ?? Classification(rawValue: caseRecord.classification ?? "") ?? .official
            // validatePhysical refused an exhibit without either.
            guard let exhibitRef = options.exhibitRef, let description = options.description else {
                throw EvidenceError(.usage, "A physical exhibit needs a reference and a description.")
            }
            let seizedAt = options.seizedAt?.description
            let sealed = PhysicalItemAddedEvent.Sealed(
                kind: options.kind, exhibitRef: exhibitRef, description: description,
                classification: classification.rawValue, sensitive: options.sensitive, seizedBy: options.seizedBy,
                seizedAt: seizedAt, location: options.location, seal: options.seal, storageLocation: options.storageLocation)
            // Descriptions stay with the case; the auditor sees the custody facts.
            let facts = PhysicalItemAddedEvent.AuditFacts(
                exhibitRef: exhibitRef, seizedBy: options.seizedBy, seizedAt: seizedAt, location: options.location,
                seal: options.seal, storageLocation: options.storageLocation)
            try transaction.append(PhysicalItemAddedEvent(
                publicPart: VisibilityFacts(classification: classification.rawValue, sensitive: options.sensitive),
                sealedPart: sealed, audit: audit(facts, reason: options.reason)
            ).draft(caseID: caseRecord.id, itemID: itemID))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return (itemID, caseRecord.id)
    }
}
