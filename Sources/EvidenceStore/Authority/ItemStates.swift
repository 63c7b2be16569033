/// The items of an `AuthorityState`, by id: what a stored snapshot held, in buckets read when
/// first needed (StoredItemBuckets), and what entries changed since, in memory.
///
/// A state opened from a snapshot is asked about the few items one command touches, while
/// the snapshot holds every item of the repository: reading, checking and decoding all of them
/// for each command cost time in proportion to the repository. Here only the buckets holding
/// the items looked up are read. A lookup can therefore fail (a bucket gone from the catalog,
/// or edited), and says so by throwing rather than answering as if the item did not exist.
///
/// Ids are compared as UTF-8 bytes everywhere here, in memory as in the buckets: two ids that
/// Swift's `String` holds equal (a precomposed "é" and "e" with a combining accent) are two
/// items, as they are to SQLite and to any other reader of the ledger. Iteration runs in that
/// order.
public struct ItemStates: Sendable, Equatable {
    public typealias Item = AuthorityState.Item

    /// The buckets of the snapshot this state was opened from (or folded into), if any.
    private(set) var stored: StoredItemBuckets?
    /// Items added or changed since (or every item, for a state built from entries), by the
    /// UTF-8 bytes of their ids.
    private var changed: [[UInt8]: Item] = [:]
    /// Stored items removed since. Nothing removes items today; kept so that setting an item
    /// to nil means what it says.
    private var removed: Set<[UInt8]> = []
    public private(set) var count = 0
    /// Where the buckets go once folded, for a state replayed from the whole ledger that is
    /// never stored (verify's, audit's): see ItemBucketSpill. Nil keeps them in memory.
    var spill: ItemBucketSpill?

    public init() {}

    init(stored: StoredItemBuckets) {
        self.stored = stored
        count = stored.count
    }

    public var isEmpty: Bool { count == 0 }

    public func item(_ id: String) throws -> Item? {
        let key = Array(id.utf8)
        if let item = changed[key] { return item }
        guard let stored, !removed.contains(key) else { return nil }
        return try stored.item(key)
    }

    /// The item, or nil when it cannot be read: for checks that report what they cannot find
    /// (verify's) and decisions that refuse it (access), never for what a write is sealed by.
    public func readableItem(_ id: String) -> Item? { (try? item(id)) ?? nil }

    public func contains(_ id: String) throws -> Bool { try contains(Array(id.utf8)) }

    private func contains(_ key: [UInt8]) throws -> Bool {
        if changed[key] != nil { return true }
        guard let stored, !removed.contains(key) else { return false }
        return try stored.contains(key)
    }

    /// Sets (or, with nil, removes) the item `id`.
    public mutating func set(_ id: String, _ item: Item?) throws {
        let key = Array(id.utf8)
        let existed = try contains(key)
        if let item {
            changed[key] = item
            removed.remove(key)
            if !existed { count += 1 }
            if changed.count >= (spill == nil ? Self.compactionThreshold : Self.spilledCompactionThreshold) { try compact() }
        } else if existed {
            changed[key] = nil
            if try stored?.contains(key) == true { removed.insert(key) }
            count -= 1
        }
    }

    /// Changes the item `id` in place; nothing when there is none.
    public mutating func update(_ id: String, _ change: (inout Item) -> Void) throws {
        guard var item = try item(id) else { return }
        change(&item)
        try set(id, item)
    }

    /// Items held decoded before they are folded into buckets. A state replayed from the
    /// ledger (verify, audit, a rebuild, a long add) would otherwise hold every item decoded,
    /// several heap objects each (about 2 KB an item); encoded, an item takes the bytes of its
    /// record (about 250). Folding writes again only the buckets the changes fall in.
    static let compactionThreshold = 32_768
    /// With a spill, folding is cheaper than holding (the buckets leave memory), and a replay's
    /// changes fall in the last few buckets (ids are ULIDs, in ledger order).
    static let spilledCompactionThreshold = 4_096
    /// The tables a spilled state keeps read: enough for the few buckets a replay's lookups
    /// fall in at a time.
    static let spilledTablesKept = 16

    /// Folds the changed items into the buckets.
    mutating func compact() throws {
        var buckets = try rebucketed()
        if let spill { buckets = try buckets.spilled(into: spill, cacheLimit: Self.spilledTablesKept) }
        stored = buckets
        changed = [:]
        removed = []
    }

    // MARK: - In id order

    /// Each item, in id order (every bucket is read).
    public func forEach(_ body: (_ id: String, _ item: Item) throws -> Void) throws {
        var failure: Error?
        try merge(stored?.buckets.indices ?? 0..<0, changes: changedKeys()) { id, record, item in
            if let item { return try body(String(decoding: id, as: UTF8.self), item) }
            guard let record else { return }
            var reader = SnapshotReader(Array(record))
            do {
                try body(String(decoding: id, as: UTF8.self), try AuthoritySnapshot.readItem(&reader).item)
            } catch let error as FormatError {
                failure = failure ?? error
            }
        }
        if failure != nil { throw EvidenceError.snapshotBucketDamaged }
    }

    /// Whether any item satisfies `predicate` (stops at the first that does).
    public func contains(where predicate: (_ id: String, _ item: Item) throws -> Bool) throws -> Bool {
        struct Found: Error {}
        do {
            try forEach { id, item in if try predicate(id, item) { throw Found() } }
        } catch is Found {
            return true
        }
        return false
    }

    /// The ids changed or removed since the stored buckets, sorted.
    private func changedKeys() -> [[UInt8]] {
        (Array(changed.keys) + removed).sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Walks the stored buckets `indices` (each read) together with the sorted `changes` that
    /// fall in them (all of them when there are no buckets), in id order: each stored record
    /// nothing changed (with its bytes), or each changed item; removed ones are skipped.
    private func merge(_ indices: Range<Int>, changes: [[UInt8]],
                       _ body: (_ id: [UInt8], _ record: ArraySlice<UInt8>?, _ item: Item?) throws -> Void) throws {
        var next = 0
        func emitChange(_ key: [UInt8]) throws {
            if let item = changed[key] { try body(key, nil, item) }
        }
        for index in indices {
            guard let table = try stored?.table(at: index) else { break }
            for row in 0..<table.count {
                guard let id = table.idBytes(at: row) else { throw EvidenceError.snapshotBucketDamaged }
                while next < changes.count, changes[next].lexicographicallyPrecedes(id) {
                    try emitChange(changes[next])
                    next += 1
                }
                if next < changes.count, changes[next].elementsEqual(id) {
                    try emitChange(changes[next])
                    next += 1
                    continue
                }
                try body(Array(id), table.record(at: row), nil)
            }
            // Changes after the bucket's last id but before the next bucket belong here.
            let end = index + 1 < (stored?.buckets.count ?? 0) ? stored?.buckets[index + 1].firstID : nil
            while next < changes.count, end.map({ changes[next].lexicographicallyPrecedes($0) }) ?? true {
                try emitChange(changes[next])
                next += 1
            }
        }
        if stored == nil || stored?.buckets.isEmpty == true {
            for key in changes { try emitChange(key) }
        }
    }

    /// The buckets with the changes folded in: buckets no change falls in are kept unread, the
    /// others cut again (ItemBuckets), continuing into the next bucket while the last cut is
    /// still open, so that the result is the one the same items always make.
    func rebucketed() throws -> StoredItemBuckets {
        let changes = changedKeys()
        let old = stored?.buckets ?? []
        var result: [StoredItemBuckets.Bucket] = []
        var cutter = ItemBuckets.Cutter()
        func feed(_ id: [UInt8], _ record: ArraySlice<UInt8>?, _ item: Item?) throws {
            if let record { try cutter.append(id: id, record: record) } else if let item { try cutter.append(id: id, item: item) }
        }
        if old.isEmpty {
            try merge(0..<0, changes: changes, feed)
        } else {
            var next = 0
            for index in old.indices {
                // The changes that fall in this bucket (those before the first bucket fall in it).
                let end = index + 1 < old.count ? old[index + 1].firstID : nil
                let start = next
                while next < changes.count, end.map({ changes[next].lexicographicallyPrecedes($0) }) ?? true { next += 1 }
                guard next > start || cutter.hasOpenBucket else {
                    result.append(old[index])
                    continue
                }
                try merge(index..<(index + 1), changes: Array(changes[start..<next]), feed)
                result += cutter.takeFinished()
            }
        }
        try cutter.close()
        result += cutter.takeFinished()
        return try StoredItemBuckets(buckets: result, source: stored?.source, reading: stored?.readTables ?? [:])
    }


    public static func == (lhs: ItemStates, rhs: ItemStates) -> Bool {
        guard lhs.count == rhs.count else { return false }
        func all(_ states: ItemStates) -> [(String, Item)]? {
            var items: [(String, Item)] = []
            guard (try? states.forEach { items.append(($0, $1)) }) != nil else { return nil }
            return items
        }
        guard let left = all(lhs), let right = all(rhs) else { return false }
        return left.count == right.count && zip(left, right).allSatisfy { $0.0.utf8.elementsEqual($1.0.utf8) && $0.1 == $1.1 }
    }
}
