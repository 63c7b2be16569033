/// `evidence amend`: corrections of an item's descriptive metadata (never its bytes or their
/// hash), and reclassification (FORMAT §7.4). A new class re-seals the item's content under
/// the new class key, and moves the parts extracted from it along, since a part always has
/// its parent's class: an attachment of a SECRET email is SECRET.
extension Session {
    public func amend(itemID: String, changes: [String: JSONValue], reason: String?, wait: Double) throws -> ItemRecord {
        guard !changes.isEmpty else { throw EvidenceError(.usage, "Name at least one field to amend.") }
        let (item, caseRecord) = try findItem(itemID, for: .amendMetadata, reason: reason, wait: wait)
        if item.isDisposed { throw Self.disposedError(item, "its record is closed and may not be amended") }
        let newClass = try statedClass(changes, of: item)
        if let newClass { try authorizeReclassification(item, in: caseRecord, to: newClass, itemID: itemID, wait: wait) }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            var staged: [String: (itemID: String, object: LedgerEntry.ObjectRef)] = [:]
            var amended = [item.id]
            try appendAmendment(of: item, in: caseRecord, changes: changes, newClass: newClass, withItem: nil,
                                reason: reason, transaction: transaction, staged: &staged)
            if let newClass, let newMaterial = newClass.material, let current = try authority.items.item(item.id),
               KeyClass(classification: current.classification, sensitive: current.sensitive) != newClass {
                for row in try disposalFamily(of: item, includingDisposed: false).dropFirst() {
                    // The catalog found the parts; what they are is the ledger's word.
                    guard let part = try boundToLedger(row), let state = try authority.items.item(part.id), !state.isDisposed,
                          KeyClass(classification: state.classification, sensitive: state.sensitive) != newClass else { continue }
                    try authorizeReclassification(part, in: caseRecord, to: newClass, itemID: itemID, wait: wait)
                    let partChanges: [String: JSONValue] = ["classification": .string(newMaterial.classification.rawValue),
                                                            "sensitive": .bool(newMaterial.sensitive)]
                    try appendAmendment(of: part, in: caseRecord, changes: partChanges, newClass: newClass, withItem: item.id,
                                        reason: reason, transaction: transaction, staged: &staged)
                    amended.append(part.id)
                }
            }
            // Committed first; then, still under the lock, the content sealed under the old
            // class is destroyed (and whatever an interrupted earlier re-sealing left).
            try transaction.commit()
            for id in amended { try destroySupersededObjects(of: id) }
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        guard let found = try findItemIfVisible(itemID) else { throw EvidenceError.noSuchItem(itemID) }
        return found.item
    }

    /// The class an amendment states: the item's with the named members replaced; nil when
    /// it names neither classification nor sensitivity.
    func statedClass(_ changes: [String: JSONValue], of item: ItemRecord) throws -> KeyClass? {
        guard changes["classification"] != nil || changes["sensitive"] != nil else { return nil }
        guard let current = try authority.items.item(item.id) else { throw EvidenceError.noSuchItem(item.id) }
        let classification = changes["classification"]?.stringValue.flatMap(Classification.init(rawValue:)) ?? current.classification
        let sensitive = changes["sensitive"]?.boolValue ?? current.sensitive
        return KeyClass(classification: classification, sensitive: sensitive)
    }

    /// A new class must be one the amender may amend in too (§7.10), or the entry would be invalid.
    private func authorizeReclassification(_ item: ItemRecord, in caseRecord: CaseRecord,
                                           to newClass: KeyClass, itemID: String, wait: Double) throws {
        guard case .item(let id, let caseID, let reference, let caseClassification, _, _) = target(for: item, in: caseRecord),
              let (classification, sensitive) = newClass.material else { return }
        let me = try subject()
        let policy = try currentPolicy().policy
        // A part moved with its parent must be one the amender may amend as it is, too.
        let now = Authorizer.decide(me, .amendMetadata, target(for: item, in: caseRecord), policy: policy)
        let reclassified = AccessTarget.item(id: id, caseID: caseID, caseReference: reference, caseClassification: caseClassification,
                                             classification: classification, sensitive: sensitive)
        let decision = Authorizer.decide(me, .amendMetadata, reclassified, policy: policy)
        guard now.allowed, decision.allowed else {
            let refused = now.allowed ? decision : now
            recordDenial(action: .amendMetadata, requested: itemID, decision: refused, wait: wait)
            let what = id == itemID ? "item \(id)" : "item \(id), a part extracted from item \(itemID),"
            throw EvidenceError(.denied, "You may not make \(what) \(classification.rawValue)\(sensitive ? ", sensitive" : ""): \(refused.rule); nothing was amended.")
        }
    }

    /// Appends one `item.amended`; a change of class restates the item and re-seals its content.
    private func appendAmendment(of item: ItemRecord, in caseRecord: CaseRecord, changes: [String: JSONValue],
                                 newClass: KeyClass?,
                                 withItem: String?, reason: String?, transaction: LedgerTransaction,
                                 staged: inout [String: (itemID: String, object: LedgerEntry.ObjectRef)]) throws {
        var sealed = ItemAmendedEvent.Sealed(changes: changes, restated: nil, withItem: withItem)
        // A new visibility class is public, like the first (FORMAT §7.10): both members, new values.
        var facts: VisibilityFacts?
        var object: LedgerEntry.ObjectRef?
        var commitment: [UInt8]?
        if let newClass, let (classification, sensitive) = newClass.material, let current = try authority.items.item(item.id) {
            facts = VisibilityFacts(classification: classification.rawValue, sensitive: sensitive)
            if KeyClass(classification: current.classification, sensitive: current.sensitive) != newClass {
                // Everything about the item is from now on sealed under the new class key:
                // its content (re-sealed) and, restated, what the older entries said.
                sealed.restated = try restatement(of: item, changes: changes)
                if !current.physical {
                    let generation = try transaction.currentGeneration(caseID: item.caseID)
                    guard let keys = try keys.caseKeys(caseID: item.caseID, keyID: newClass.keyID(generation: generation)) else {
                        throw LedgerTransaction.missingClassKey(newClass, caseID: caseRecord.reference ?? caseRecord.id,
                                                                generation: generation)
                    }
                    object = try resealObject(of: item, under: keys, stagedNames: &staged)
                    commitment = current.commitment
                }
            }
        }
        try transaction.append(ItemAmendedEvent(
            publicPart: facts, sealedPart: sealed,
            audit: audit(.init(fields: changes.keys.sorted(), withItem: withItem), reason: reason)
        ).draft(caseID: item.caseID, itemID: item.id, object: object, commitment: commitment))
    }
}
