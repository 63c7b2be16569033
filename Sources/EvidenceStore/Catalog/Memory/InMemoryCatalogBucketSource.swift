/// The in-memory catalog as the place a snapshot's buckets are read from, inside or outside a
/// write (InMemoryCatalog.bucket(digest:)).
struct InMemoryCatalogBucketSource: ItemBucketSource {
    let catalog: InMemoryCatalog

    func bucket(digest: [UInt8]) throws -> [UInt8]? {
        catalog.bucket(digest: digest)
    }

    func holdsBuckets(_ digests: [[UInt8]]) throws -> Bool {
        catalog.holdsBuckets(digests)
    }
}
