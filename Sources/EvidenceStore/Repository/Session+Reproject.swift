import Foundation

extension Session {
    /// Projects a case's entries before `before` again under `visibility`: when what the user
    /// may see of the case changed since they were projected, its rows are deleted (the opened
    /// sealed parts of what they may no longer see go with them) and rebuilt from the ledger
    /// (opening what they may now see). Whether each entry was valid is what the catalog
    /// recorded when it was first judged; validity never changes once judged (§7.10).
    func reproject(caseID: String, before: UInt64, visibility: Visibility, reader: CheckedEntryReader,
                   into writer: CatalogWriter) throws {
        let entries = try writer.caseEntries(caseID: caseID, before: before)
        try writer.removeCaseRows(caseID: caseID, before: before)
        var invalid: [UInt64: String] = [:]
        for entry in entries { if let reason = entry.invalid { invalid[entry.seq] = reason } }
        try reader.forEach(at: entries.map(\.seq)) { entry, leaf in
            // A catalog row edited to name another case: the catalog is a cache, and verify
            // reports the difference; the entry is not this case's to project.
            guard entry.caseID == caseID else { return }
            let opened = try EntryOpener.open(entry, leafHash: leaf, repositoryID: repository.repositoryID, keys: keys,
                                              showingSealed: visibility.showsSealedPart(of: entry))
            try writer.project(opened, invalid: invalid[entry.seq])
        }
        logger.info("projected a case again: what this user may see of it changed", metadata: ["case": "\(caseID)"])
    }
}
