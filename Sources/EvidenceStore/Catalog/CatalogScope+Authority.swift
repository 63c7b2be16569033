/// The authority snapshot (Catalog+Authority.swift, AuthoritySnapshot) as a transaction's
/// questions and writes.
extension CatalogWriter {
    func storeAuthoritySnapshot(size: UInt64, sealed: AuthoritySnapshot.Sealed) throws -> Bool {
        try catalog.storeAuthoritySnapshot(database, size: size, sealed: sealed)
    }
}

extension Catalog {
    var itemBucketSource: any ItemBucketSource { CatalogBucketSource(catalog: self) }
}

extension SQLiteCatalogScope {
    func authoritySnapshot() throws -> (size: UInt64, bytes: [UInt8], mac: [UInt8])? {
        try catalog.authoritySnapshot(database)
    }

    func authoritySnapshotMark() throws -> AuthoritySnapshot.Mark? {
        try catalog.authoritySnapshotMark(database)
    }
}

extension CatalogStore {
    /// The stored snapshot, read in a transaction of its own.
    func authoritySnapshot() throws -> (size: UInt64, bytes: [UInt8], mac: [UInt8])? {
        try read { try $0.authoritySnapshot() }
    }
}
