import Synchronization

/// Where the buckets of a stored authority snapshot are read from (the catalog's
/// `authority_buckets` table), by the SHA-256 of their bytes.
protocol ItemBucketSource: Sendable {
    /// The bytes stored under `digest`, or nil when nothing is.
    func bucket(digest: [UInt8]) throws -> [UInt8]?
    /// Whether something is stored under every one of `digests`.
    func holdsBuckets(_ digests: [[UInt8]]) throws -> Bool
}

/// The items of an authority snapshot as buckets (ItemBuckets): the snapshot itself names each
/// bucket by its first id, its number of items and the SHA-256 of its bytes, and a bucket's
/// bytes are read when an item in it is first looked up, checked against that digest, and
/// kept. A command that touches a few items reads a few buckets, whatever the repository holds.
///
/// Buckets this process made (a state built from entries, or changes folded in) carry their
/// bytes; the others come from `source`.
final class StoredItemBuckets: Sendable {
    struct Bucket: Sendable {
        let firstID: [UInt8]
        let count: Int
        let digest: [UInt8]
        /// The bytes, when this process made the bucket.
        let built: [UInt8]?

        init(firstID: [UInt8], count: Int, digest: [UInt8]) {
            self.firstID = firstID
            self.count = count
            self.digest = digest
            built = nil
        }

        init(built bytes: [UInt8], firstID: [UInt8], count: Int) throws {
            self.firstID = firstID
            self.count = count
            digest = try SHA256.hash(bytes)
            built = bytes
        }
    }

    let buckets: [Bucket]
    let count: Int
    let source: (any ItemBucketSource)?
    /// Tables read so far, by digest (so that a state's next bucket set keeps them).
    private let tables: Mutex<TableCache>

    /// The tables read, all of them unless `limit` bounds their number (a spilled state's:
    /// then the one read longest ago goes first).
    private struct TableCache {
        var tables: [[UInt8]: StoredItemTable]
        var order: [[UInt8]] = []
        let limit: Int?

        mutating func insert(_ table: StoredItemTable, digest: [UInt8]) {
            guard tables.updateValue(table, forKey: digest) == nil, let limit else { return }
            order.append(digest)
            while order.count > limit { tables[order.removeFirst()] = nil }
        }
    }

    /// `buckets` in id order, each starting after the last id of the one before it.
    /// `cacheLimit`: at most that many tables are kept once read.
    init(buckets: [Bucket], source: (any ItemBucketSource)?, reading tables: [[UInt8]: StoredItemTable] = [:],
         cacheLimit: Int? = nil) throws {
        for (before, after) in zip(buckets, buckets.dropFirst()) where !before.firstID.lexicographicallyPrecedes(after.firstID) {
            throw FormatError("an authority snapshot's buckets are out of order")
        }
        guard buckets.allSatisfy({ $0.count > 0 }) else { throw FormatError("an authority snapshot has an empty bucket") }
        self.buckets = buckets
        count = buckets.reduce(0) { $0 + $1.count }
        self.source = source
        let wanted = Set(buckets.map(\.digest))
        var cache = TableCache(tables: [:], limit: cacheLimit)
        for (digest, table) in tables where wanted.contains(digest) { cache.insert(table, digest: digest) }
        self.tables = Mutex(cache)
    }

    /// Whether read tables are bounded in number (the buckets live on disk, in a spill).
    var cacheLimit: Int? { tables.withLock { $0.limit } }

    /// The same buckets with those this process made written to `spill` and dropped from
    /// memory (each that could not be written stays), read back from it when looked up, with
    /// at most `cacheLimit` tables kept. Only for a state that is never stored (whose source
    /// can then be the spill alone): every bucket it has came from here.
    func spilled(into spill: ItemBucketSpill, cacheLimit: Int) throws -> StoredItemBuckets {
        guard source == nil || source as? ItemBucketSpill === spill else {
            throw FormatError("a stored authority state cannot be set aside on disk")
        }
        var kept: [Bucket] = []
        for bucket in buckets {
            if let bytes = bucket.built, spill.put(digest: bucket.digest, bytes: bytes) {
                kept.append(Bucket(firstID: bucket.firstID, count: bucket.count, digest: bucket.digest))
            } else {
                kept.append(bucket)
            }
        }
        return try StoredItemBuckets(buckets: kept, source: spill, reading: readTables, cacheLimit: cacheLimit)
    }

    /// The bucket that holds `key` if any bucket does: the last whose first id is not after it.
    func bucketIndex(for key: [UInt8]) -> Int? {
        var low = 0
        var high = buckets.count
        while low < high {
            let middle = (low + high) / 2
            if key.lexicographicallyPrecedes(buckets[middle].firstID) { high = middle } else { low = middle + 1 }
        }
        return low == 0 ? nil : low - 1
    }

    /// Bucket `index`'s table, read and checked the first time.
    func table(at index: Int) throws -> StoredItemTable {
        let bucket = buckets[index]
        if let table = tables.withLock({ $0.tables[bucket.digest] }) { return table }
        let bytes: [UInt8]
        if let built = bucket.built {
            bytes = built
        } else {
            guard let source, let stored = try source.bucket(digest: bucket.digest) else { throw EvidenceError.snapshotBucketMissing }
            guard try SHA256.hash(stored) == bucket.digest else { throw EvidenceError.snapshotBucketDamaged }
            bytes = stored
        }
        guard let table = try? StoredItemTable(bytes: bytes, at: 0), table.count == bucket.count,
              table.idBytes(at: 0).map({ $0.elementsEqual(bucket.firstID) }) == true,
              index + 1 == buckets.count
                || table.idBytes(at: table.count - 1).map({ $0.lexicographicallyPrecedes(buckets[index + 1].firstID) }) == true
        else { throw EvidenceError.snapshotBucketDamaged }
        tables.withLock { $0.insert(table, digest: bucket.digest) }
        return table
    }

    func item(_ key: [UInt8]) throws -> AuthorityState.Item? {
        guard let index = bucketIndex(for: key) else { return nil }
        return try table(at: index).item(key)
    }

    func contains(_ key: [UInt8]) throws -> Bool {
        guard let index = bucketIndex(for: key) else { return false }
        return try table(at: index).contains(key)
    }

    /// Whether every bucket this process did not make is where `source` keeps them.
    func sourceHoldsAll() throws -> Bool {
        let wanted = buckets.filter { $0.built == nil }.map(\.digest)
        guard !wanted.isEmpty else { return true }
        guard let source else { return false }
        return try source.holdsBuckets(wanted)
    }

    /// The buckets this process made, by digest: what storing a snapshot that names them must
    /// store as well.
    var builtBuckets: [(digest: [UInt8], bytes: [UInt8])] {
        buckets.compactMap { bucket in bucket.built.map { (bucket.digest, $0) } }
    }

    /// The same buckets once `source` holds them all: those made here are no longer offered
    /// for storing (their tables, opened now if not yet, stay in memory).
    func storedVersion(source: any ItemBucketSource) throws -> StoredItemBuckets {
        for index in buckets.indices where buckets[index].built != nil { _ = try table(at: index) }
        return try StoredItemBuckets(buckets: buckets.map { Bucket(firstID: $0.firstID, count: $0.count, digest: $0.digest) },
                                     source: source, reading: readTables)
    }

    /// The tables read so far, by digest.
    var readTables: [[UInt8]: StoredItemTable] { tables.withLock { $0.tables } }
}

extension EvidenceError {
    /// A bucket of the host's saved authority state went missing while a command used it:
    /// another command on this host stored a newer state and, over an hour later, removed it.
    static let snapshotBucketMissing = EvidenceError(.busy, "This host's saved authority state was replaced while the command ran; run the command again.")

    /// A bucket of the host's saved authority state fails its check (the catalog was edited or damaged).
    static let snapshotBucketDamaged = EvidenceError(.data, "This host's saved authority state fails its check (the catalog was edited or damaged); run evidence rebuild.")
}
