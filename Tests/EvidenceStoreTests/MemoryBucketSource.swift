import Synchronization
@testable import EvidenceStore

/// Buckets of authority snapshots kept in memory, as the catalog keeps them, for tests that
/// store and reopen snapshots without a catalog.
final class MemoryBucketSource: ItemBucketSource {
    private let stored = Mutex<[[UInt8]: [UInt8]]>([:])
    private let reads = Mutex(0)
    /// Where buckets not kept here are read from (a session's catalog).
    private let fallback: (any ItemBucketSource)?

    init(backedBy fallback: (any ItemBucketSource)? = nil) {
        self.fallback = fallback
    }

    /// How many buckets were read.
    var readCount: Int { reads.withLock { $0 } }

    func bucket(digest: [UInt8]) throws -> [UInt8]? {
        reads.withLock { $0 += 1 }
        if let bytes = stored.withLock({ $0[digest] }) { return bytes }
        return try fallback?.bucket(digest: digest)
    }

    func holdsBuckets(_ digests: [[UInt8]]) throws -> Bool {
        let elsewhere = stored.withLock { held in digests.filter { held[$0] == nil } }
        guard !elsewhere.isEmpty else { return true }
        return try fallback?.holdsBuckets(elsewhere) ?? false
    }

    /// Keeps the buckets a snapshot made.
    func keep(_ buckets: StoredItemBuckets) {
        stored.withLock { held in for (digest, bytes) in buckets.builtBuckets { held[digest] = bytes } }
    }

    /// Replaces what is stored under `digest` (a tampered catalog).
    func replace(_ digest: [UInt8], with bytes: [UInt8]?) { stored.withLock { $0[digest] = bytes } }

    /// Seals `state` and stores its buckets here: the snapshot's bytes.
    func encode(_ state: AuthorityState) throws -> [UInt8] {
        let buckets = try state.items.rebucketed()
        keep(buckets)
        return AuthoritySnapshot.encode(state, buckets: buckets)
    }
}

extension ItemStates {
    /// The ids in iteration order.
    func ids() throws -> [String] {
        var ids: [String] = []
        try forEach { id, _ in ids.append(id) }
        return ids
    }
}
