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
            var sealed: [String: JSONValue] = [
                "kind": .string(options.kind), "classification": .string(classification.rawValue),
                "sensitive": .bool(options.sensitive),
            ]
            var audit = auditBase(reason: options.reason)
            for (key, value) in [("exhibitRef", options.exhibitRef), ("description", options.description),
                                 ("seizedBy", options.seizedBy), ("seizedAt", options.seizedAt?.description),
                                 ("location", options.location), ("seal", options.seal),
                                 ("storageLocation", options.storageLocation)] {
                guard let value else { continue }
                sealed[key] = .string(value)
                // Descriptions stay with the case; the auditor sees the custody facts.
                if key != "description" { audit[key] = .string(value) }
            }
            try transaction.append(EventDraft(type: EventType.physicalItemAdded, caseID: caseRecord.id, itemID: itemID,
                                              publicPart: Self.visibilityFacts(sealed), auditPart: audit,
                                              sealedPart: sealed))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return (itemID, caseRecord.id)
    }
}
