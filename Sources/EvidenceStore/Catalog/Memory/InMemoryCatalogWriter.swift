/// A write transaction on the in-memory catalog: the questions of a reader, asked of the
/// transaction's copy, and the projection's writes, made to it.
struct InMemoryCatalogWriter: CatalogWriting, InMemoryCatalogScope {
    let transaction: InMemoryCatalogTransaction

    var tables: InMemoryCatalogTables { transaction.tables }

    func problems(comparedWith expected: InMemoryCatalogWriter) throws -> [String] {
        try tables.problems(comparedWith: expected.tables)
    }

    func project(_ opened: OpenedEntry, invalid: String?) throws {
        try transaction.tables.project(opened, invalid: invalid)
    }

    /// Everything the projection wrote goes, as in the SQLite catalog, except the snapshot's
    /// buckets: the snapshot goes, and the next one stored retires what it does not name.
    func clear() throws {
        let buckets = transaction.tables.buckets
        transaction.tables = InMemoryCatalogTables()
        transaction.tables.buckets = buckets
    }

    func removeCaseRows(caseID: String, before: UInt64) throws {
        transaction.tables.removeCaseRows(caseID: caseID, before: Int64(clamping: before))
    }

    func storeVisibilityFingerprints(_ fingerprints: [String: String], replacing stored: [String: String]) throws {
        for (caseID, fingerprint) in fingerprints where stored[caseID] != fingerprint {
            transaction.tables.visibility[caseID] = fingerprint
        }
    }

    func setWatermark(repositoryID: String, treeSize: UInt64, root: [UInt8]) throws {
        transaction.tables.meta["repository"] = repositoryID
        transaction.tables.meta["treeSize"] = String(treeSize)
        transaction.tables.meta["root"] = Hex.encode(root)
    }

    func storeAuthoritySnapshot(size: UInt64, sealed: AuthoritySnapshot.Sealed) throws -> Bool {
        let stored = try transaction.tables.storeAuthoritySnapshot(size: size, sealed: sealed)
        transaction.catalog.publishPendingBuckets(transaction.tables.buckets)
        return stored
    }
}
