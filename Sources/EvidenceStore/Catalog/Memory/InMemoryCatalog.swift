import Synchronization

/// A catalog held in memory (`CatalogStore`): the projection's tables as Swift values, for
/// tests and for services that keep no per-host files. It answers every question and takes
/// every write as the SQLite `Catalog` does; the conformance suite
/// (Tests/EvidenceStoreTests/StorageConformance/CatalogConformanceTests.swift) holds both to
/// that, on the same ledger.
///
/// A write works on a copy of the tables and installs it only when its body returns, so a
/// thrown error leaves nothing behind; writes are serialised (one at a time, in any thread),
/// so two catch-ups cannot both project the same entries. A read takes the tables as they
/// were last installed and sees that copy throughout.
final class InMemoryCatalog: Sendable {
    /// The installed tables.
    private let committed = Mutex(InMemoryCatalogTables())
    /// Held for the whole of a write, so that writes run one after another.
    private let writers = Mutex(())
    /// The authority buckets of the write in progress, once it stored a snapshot: a bucket
    /// lookup made inside that write (settling the snapshot just stored) must find them.
    /// Buckets are named by the digest of their bytes, so a lookup from another thread that
    /// finds one before the write commits reads the very bytes it will hold.
    private let pendingBuckets = Mutex<[[UInt8]: InMemoryCatalogTables.Bucket]?>(nil)

    init() {}

    /// The installed tables (what a read sees).
    var tables: InMemoryCatalogTables { committed.withLock { $0 } }

    func read<T>(_ body: (InMemoryCatalogReader) throws -> T) throws -> T {
        try body(InMemoryCatalogReader(tables: tables))
    }

    func write<T>(_ body: (InMemoryCatalogWriter) throws -> T) throws -> T {
        var outcome: Result<T, any Error>?
        writers.withLock { _ in
            let transaction = InMemoryCatalogTransaction(tables: tables, catalog: self)
            defer { pendingBuckets.withLock { $0 = nil } }
            do {
                let value = try body(InMemoryCatalogWriter(transaction: transaction))
                let installed = transaction.tables
                committed.withLock { $0 = installed }
                outcome = .success(value)
            } catch {
                outcome = .failure(error)
            }
        }
        guard let outcome else { throw InMemoryCatalogError.writeNotRun }
        return try outcome.get()
    }

    /// Called by a write that changed the buckets (InMemoryCatalogWriter+Authority.swift).
    func publishPendingBuckets(_ buckets: [[UInt8]: InMemoryCatalogTables.Bucket]) {
        pendingBuckets.withLock { $0 = buckets }
    }

    /// A bucket's bytes: the write in progress's, else the installed ones.
    func bucket(digest: [UInt8]) -> [UInt8]? {
        if let pending = pendingBuckets.withLock({ $0 }) { return pending[digest]?.items }
        return committed.withLock { $0.buckets[digest]?.items }
    }

    func holdsBuckets(_ digests: [[UInt8]]) -> Bool {
        let buckets = pendingBuckets.withLock({ $0 }) ?? committed.withLock { $0.buckets }
        return digests.allSatisfy { buckets[$0] != nil }
    }
}

extension InMemoryCatalog: CatalogStore {
    typealias Reader = InMemoryCatalogReader
    typealias Writer = InMemoryCatalogWriter

    var itemBucketSource: any ItemBucketSource { InMemoryCatalogBucketSource(catalog: self) }
}
