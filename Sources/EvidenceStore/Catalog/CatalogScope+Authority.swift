/// The authority snapshot (Catalog+Authority.swift, AuthoritySnapshot) as a transaction's
/// questions. Session+Snapshot.swift still reads and stores it through `database` itself: the
/// authority work is changing that file, and moves it onto these when it is done.
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
