import Foundation

extension Repository {
    /// What can be verified with no user signed in and no key but the log's public key:
    /// the whole ledger (tiles, root, every checkpoint, every entry's signature), each
    /// object's ciphertext digest, and the presence of every wrapped key the ledger
    /// accounts for. `verify` falls back to it when the ledger is too damaged for anyone to
    /// sign in, and `audit` builds on it, so that the report still names what was hit.
    /// `spillFolders`: where the replayed items' state may be set aside on disk (ItemBucketSpill).
    public func verifyWithoutKeys(trustedLogKey: NoteVerifierKey?, spillFolders: [String] = []) -> VerificationReport {
        verifyWithoutKeys(trustedLogKey: trustedLogKey, rootsAt: [], spillFolders: spillFolders).report
    }

    /// `rootsAt`: tree sizes whose roots the caller needs afterwards (the result's `roots`).
    func verifyWithoutKeys(trustedLogKey: NoteVerifierKey?, rootsAt: Set<UInt64> = [],
                           spillFolders: [String]) -> (report: VerificationReport, ledger: LedgerVerifier.Result) {
        var report = VerificationReport()
        var facts = LedgerItemFacts()
        let result = LedgerVerifier(store: ledger, origin: config.origin)
            .run(trustedLogKey: trustedLogKey, rootsAt: rootsAt, spillFolders: spillFolders) { facts.visit($0) }
        report.problems = result.problems
        report.notes = result.notes
        report.treeSize = result.treeSize
        report.checkpointsChecked = result.checkpointsChecked
        report.entriesChecked = Int(result.entriesRead)
        report.uncommittedTail = result.uncommittedTail
        for added in facts.added {
            let seq: UInt64, itemID: String, caseID: String, addedObject: LedgerEntry.ObjectRef?
            switch added {
            case .problem(let problem):
                report.problems.append(problem)
                continue
            case .physical:
                // A physical exhibit has no object and no wrapped data key: its entry is all there is.
                report.itemsChecked += 1
                continue
            case .item(let itemSeq, let id, let itemCase, let object):
                (seq, itemID, caseID, addedObject) = (itemSeq, id, itemCase, object)
            }
            report.itemsChecked += 1
            // After a reclassification the item's content is the object it was re-sealed into (§6).
            let state = result.authority.items.readableItem(itemID)
            guard let object = LedgerItemFacts.object(of: state, added: addedObject) else { continue }
            let path = objectPath(caseID: caseID, name: object.name)
            // A disposal destroys the object and its wrapped data key on purpose.
            if let disposedAt = facts.disposals[itemID] {
                report.itemsDisposed += 1
                report.notes.append("item \(itemID) was disposed (ledger entry \(disposedAt)); its object and wrapped data key are gone on purpose")
                continue
            }
            let relative = "objects/\(caseID)/\(object.name.prefix(2))/\(object.name)"
            do {
                let digest = try ObjectReader.ciphertextDigest(path: path)
                if digest.sha256 != object.ciphertextSHA256 || digest.size != object.ciphertextSize {
                    report.problems.append("item \(itemID) (ledger entry \(seq)): its object \(relative) has ciphertext SHA-256 \(Hex.encode(digest.sha256)) (\(digest.size) bytes), not the \(Hex.encode(object.ciphertextSHA256)) (\(object.ciphertextSize) bytes) recorded at ingest (object altered, truncated or replaced)")
                } else {
                    report.objectsWithoutKeys += 1
                    if let state, let problem = Self.keyClassProblem(keyID: digest.keyID, itemID: itemID, item: state) {
                        report.problems.append(problem)
                    }
                }
            } catch {
                report.problems.append("item \(itemID) (ledger entry \(seq)): its object \(relative): \(error)")
            }
        }
        let superseded: [String: String]
        do {
            superseded = try Self.supersededObjects(result.authority) { objectPath(caseID: $0, name: $1) }
        } catch {
            superseded = [:]
            report.problems.append("the items' state could not be read to look for superseded objects: \(error)")
        }
        for (path, itemID) in superseded where FileSystem.exists(path) {
            report.notes.append("the object item \(itemID) had before it was re-sealed under its new class is still present (the reclassification was interrupted before it was destroyed); amend item \(itemID) again to destroy it")
        }
        report.problems += facts.disposalCheck.problems
        checkKeyEnvelopes(facts.envelopes.expected, into: &report)
        checkIdentityFiles(result.authority, into: &report)
        checkRecoverySlots(into: &report)
        return (report, result)
    }
}
