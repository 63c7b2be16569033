import Foundation

extension Repository {
    /// What can be verified with no user signed in and no key but the log's public key:
    /// the whole ledger (tiles, root, every checkpoint, every entry's signature), each
    /// object's ciphertext digest, and the presence of every wrapped key the ledger
    /// accounts for. `verify` falls back to it when the ledger is too damaged for anyone to
    /// sign in, and `audit` builds on it, so that the report still names what was hit.
    public func verifyWithoutKeys(trustedLogKey: NoteVerifierKey?) -> VerificationReport {
        verifyWithoutKeys(trustedLogKey: trustedLogKey).report
    }

    func verifyWithoutKeys(trustedLogKey: NoteVerifierKey?) -> (report: VerificationReport, ledger: LedgerVerifier.Result) {
        var report = VerificationReport()
        let result = LedgerVerifier(store: ledger, origin: config.origin).run(trustedLogKey: trustedLogKey)
        report.problems = result.problems
        report.notes = result.notes
        report.treeSize = result.treeSize
        report.checkpointsChecked = result.checkpointsChecked
        report.entriesChecked = result.entries.count
        report.uncommittedTail = result.uncommittedTail
        let entries = result.entries.compactMap { $0 }
        // A disposal destroys the object and its wrapped data key on purpose.
        var disposals: [String: UInt64] = [:]
        for entry in entries where entry.type == EventType.itemDisposed {
            if let itemID = entry.itemID { disposals[itemID] = entry.seq }
        }
        for entry in entries where EventType.addsItem.contains(entry.type) {
            if let problem = Session.physicalItemProblem(entry) {
                report.problems.append(problem)
                continue
            }
            // A physical exhibit has no object and no wrapped data key: its entry is all there is.
            if entry.type == EventType.physicalItemAdded {
                report.itemsChecked += 1
                continue
            }
            guard let caseID = entry.caseID, let itemID = entry.itemID, let added = entry.object else {
                report.problems.append("ledger entry \(entry.seq) adds an item without naming its case, id and object")
                continue
            }
            report.itemsChecked += 1
            // After a reclassification the item's content is the object it was re-sealed into (§6).
            let state = result.authority.items[itemID]
            let object = state?.object ?? added
            let path = objectPath(caseID: caseID, name: object.name)
            if let disposedAt = disposals[itemID] {
                report.itemsDisposed += 1
                report.notes.append("item \(itemID) was disposed (ledger entry \(disposedAt)); its object and wrapped data key are gone on purpose")
                continue
            }
            let relative = "objects/\(caseID)/\(object.name.prefix(2))/\(object.name)"
            do {
                let digest = try ObjectReader.ciphertextDigest(path: path)
                if digest.sha256 != object.ciphertextSHA256 || digest.size != object.ciphertextSize {
                    report.problems.append("item \(itemID) (ledger entry \(entry.seq)): its object \(relative) has ciphertext SHA-256 \(Hex.encode(digest.sha256)) (\(digest.size) bytes), not the \(Hex.encode(object.ciphertextSHA256)) (\(object.ciphertextSize) bytes) recorded at ingest (object altered, truncated or replaced)")
                } else {
                    report.objectsWithoutKeys += 1
                    if let state, let problem = Self.keyClassProblem(keyID: digest.keyID, itemID: itemID, item: state) {
                        report.problems.append(problem)
                    }
                }
            } catch {
                report.problems.append("item \(itemID) (ledger entry \(entry.seq)): its object \(relative): \(error)")
            }
        }
        for (path, itemID) in Self.supersededObjects(result.authority, path: { objectPath(caseID: $0, name: $1) })
            where FileSystem.exists(path) {
            report.notes.append("the object item \(itemID) had before it was re-sealed under its new class is still present (the reclassification was interrupted before it was destroyed); amend item \(itemID) again to destroy it")
        }
        Self.checkDisposalEntries(result.entries, into: &report)
        checkKeyEnvelopes(result.validEntries, into: &report)
        checkIdentityFiles(result.authority, into: &report)
        checkRecoverySlots(into: &report)
        return (report, result)
    }
}
