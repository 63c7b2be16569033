import Foundation

extension Repository {
    /// What can be verified with no user signed in and no key but the log's public key:
    /// the whole ledger (tiles, root, every checkpoint, every entry's signature) and each
    /// object's ciphertext digest. `verify` falls back to it when the ledger is too damaged
    /// for anyone to sign in, so that the report still names what was hit.
    public func verifyWithoutKeys(trustedLogKey: NoteVerifierKey?) -> VerificationReport {
        var report = VerificationReport()
        let result = LedgerVerifier(store: ledger, origin: config.origin).run(trustedLogKey: trustedLogKey)
        report.problems = result.problems
        report.notes = result.notes
        report.treeSize = result.treeSize
        report.checkpointsChecked = result.checkpointsChecked
        report.entriesChecked = result.entries.count
        report.uncommittedTail = result.uncommittedTail
        for entry in result.entries.compactMap({ $0 }) where EventType.addsItem.contains(entry.type) {
            guard let caseID = entry.caseID, let itemID = entry.itemID, let object = entry.object else { continue }
            report.itemsChecked += 1
            do {
                let digest = try ObjectReader.ciphertextDigest(path: objectPath(caseID: caseID, name: object.name))
                if digest.sha256 != object.ciphertextSHA256 || digest.size != object.ciphertextSize {
                    report.problems.append("item \(itemID): its object's ciphertext digest is not the one recorded at ingest (object altered or replaced)")
                } else {
                    report.objectsWithoutKeys += 1
                }
            } catch {
                report.problems.append("item \(itemID): \(error)")
            }
        }
        return report
    }
}
