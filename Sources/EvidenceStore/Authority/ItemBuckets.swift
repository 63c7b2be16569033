/// How the items of an authority snapshot are cut into buckets (docs/HOST-STATE.md §1).
///
/// The items, sorted by id (UTF-8 byte order), are cut after every id whose hash ends in nine
/// zero bits, so a bucket holds 512 items on average. The cut depends only on the ids, never on
/// the order items arrived in: the same items always make the same buckets (and the same
/// snapshot bytes), and a change to one item, or a new one, changes only its own bucket (a new
/// id that ends a bucket splits it in two). Item ids are ULIDs, so new items land in the last
/// bucket or two and an `add` leaves the rest of the snapshot as it was stored.
///
/// The hash only spreads the cuts; nothing relies on it resisting anyone. Ids chosen so that
/// none ends a bucket (a writer minting its own) make one large bucket, which costs time as the
/// unbucketed table did, and nothing else.
enum ItemBuckets {
    /// One bucket in 2^9 = 512 ids on average.
    static let boundaryBits: UInt64 = 9

    /// Whether the item `id` (UTF-8 bytes) is the last of its bucket: FNV-1a 64 of the bytes,
    /// mixed by the SplitMix64 finaliser so that its low bits depend on every byte.
    static func endsBucket<C: Collection>(_ id: C) -> Bool where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return hash & ((1 << boundaryBits) - 1) == 0
    }

    /// Collects records in id order and cuts them into encoded bucket tables (StoredItemTable's
    /// layout) where `endsBucket` says.
    struct Cutter {
        private var records = SnapshotWriter()
        private var offsets: [Int] = []
        private var firstID: [UInt8]?
        private(set) var finished: [StoredItemBuckets.Bucket] = []

        /// Whether records are waiting for the id that ends their bucket.
        var hasOpenBucket: Bool { !offsets.isEmpty }

        mutating func append(id: [UInt8], record: ArraySlice<UInt8>) throws {
            if offsets.isEmpty { firstID = id }
            offsets.append(records.data.count)
            records.data += record
            if ItemBuckets.endsBucket(id) { try close() }
        }

        mutating func append(id: [UInt8], item: AuthorityState.Item) throws {
            var out = SnapshotWriter()
            AuthoritySnapshot.writeItem(id: String(decoding: id, as: UTF8.self), item, to: &out)
            try append(id: id, record: out.data[...])
        }

        /// The buckets cut since the last call.
        mutating func takeFinished() -> [StoredItemBuckets.Bucket] {
            defer { finished = [] }
            return finished
        }

        /// Ends the open bucket here (the items have run out).
        mutating func close() throws {
            guard let firstID, !offsets.isEmpty else { return }
            var table = SnapshotWriter()
            table.data.reserveCapacity(4 + 4 * offsets.count + records.data.count)
            table.u32(offsets.count)
            for offset in offsets { table.u32(offset) }
            table.data += records.data
            // Kept as bytes, checked like any bucket when first read.
            finished.append(try StoredItemBuckets.Bucket(built: table.data, firstID: firstID, count: offsets.count))
            records = SnapshotWriter()
            offsets = []
            self.firstID = nil
        }
    }
}
