import Foundation

/// The authority snapshot and its buckets (docs/HOST-STATE.md §1), stored as
/// Catalog+Authority.swift stores them.
extension InMemoryCatalogTables {
    /// Stores a sealed snapshot with the buckets it made, when every other bucket it names is
    /// still stored (false, with no snapshot stored, when one is not). Buckets it no longer
    /// names are retired and removed `Catalog.retiredBucketLifetime` seconds later.
    ///
    /// Step for step as the SQLite catalog does it, so that the two keep the same buckets: the
    /// buckets the snapshot made are stored before the names are checked, and stay when the
    /// check fails (they are named by their digest, so keeping them is harmless, and the next
    /// snapshot stored retires them if it does not name them).
    mutating func storeAuthoritySnapshot(size: UInt64, sealed: AuthoritySnapshot.Sealed,
                                         now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> Bool {
        var retiredAt: [[UInt8]: Int64?] = buckets.mapValues(\.retiredAt)
        for (digest, bytes) in sealed.buckets.builtBuckets {
            if buckets[digest] != nil {
                buckets[digest]?.retiredAt = nil
            } else {
                buckets[digest] = Bucket(retiredAt: nil, items: bytes)
            }
            retiredAt[digest] = .some(nil)
        }
        let named = Set(sealed.buckets.buckets.map(\.digest))
        for digest in named {
            guard let retired = retiredAt[digest] else { return false }
            if retired != nil { buckets[digest]?.retiredAt = nil }
        }
        for (digest, retired) in retiredAt where retired == nil && !named.contains(digest) {
            buckets[digest]?.retiredAt = now
        }
        buckets = buckets.filter { bucket in bucket.value.retiredAt.map { $0 >= now - Catalog.retiredBucketLifetime } ?? true }
        authority = Snapshot(size: Int64(size), mac: sealed.mac, state: sealed.bytes)
        return true
    }
}
