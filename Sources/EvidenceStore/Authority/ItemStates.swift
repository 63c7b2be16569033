/// The items of an `AuthorityState`, by id: what a stored snapshot held, read one item at a
/// time from its encoded table, and what entries changed since, in memory.
///
/// A state opened from a snapshot is asked about the few items one command touches, while
/// the snapshot holds every item of the repository: decoding all of them for each command
/// cost time in proportion to the repository (most of a `show` at 20,000 items). Here the
/// snapshot's table stays encoded, sorted by id (UTF-8 byte order), and an item is decoded
/// when it is looked up. Iteration runs in that order too.
///
/// Ids are compared as UTF-8 bytes everywhere here, in memory as in the table: two ids that
/// Swift's `String` holds equal (a precomposed "é" and "e" with a combining accent) are two
/// items, as they are to SQLite and to any other reader of the ledger.
public struct ItemStates: Sendable, Equatable, Sequence {
    public typealias Item = AuthorityState.Item

    /// The table of the snapshot this state was opened from, if any.
    private var stored: StoredItemTable?
    /// Items added or changed since (or every item, for a state built from entries), by the
    /// UTF-8 bytes of their ids.
    private var changed: [[UInt8]: Item] = [:]
    /// Stored items removed since. Nothing removes items today; kept so that the dictionary
    /// semantics of the subscript hold.
    private var removed: Set<[UInt8]> = []
    public private(set) var count = 0

    public init() {}

    init(stored: StoredItemTable) {
        self.stored = stored
        count = stored.count
    }

    public var isEmpty: Bool { count == 0 }

    public subscript(id: String) -> Item? {
        get {
            let key = Array(id.utf8)
            if let item = changed[key] { return item }
            guard let stored, !removed.contains(key) else { return nil }
            return stored.item(key)
        }
        set {
            let key = Array(id.utf8)
            let existed = contains(key)
            if let newValue {
                changed[key] = newValue
                removed.remove(key)
                if !existed { count += 1 }
                if changed.count >= Self.compactionThreshold { compact() }
            } else if existed {
                changed[key] = nil
                if stored?.contains(key) == true { removed.insert(key) }
                count -= 1
            }
        }
    }

    /// Items held decoded before they are folded into an encoded table. A state replayed from
    /// the ledger (verify, audit, a rebuild, a long add) would otherwise hold every item
    /// decoded, several heap objects each (about 2 KB an item); encoded, an item takes the
    /// bytes of its record (about 250). Folding copies the table, so it is done in steps this
    /// large, which keeps its cost per item small.
    static let compactionThreshold = 32_768

    /// Folds the changed items into a new encoded table.
    mutating func compact() {
        var out = SnapshotWriter()
        AuthoritySnapshot.writeItems(self, to: &out)
        // What writeItems wrote always opens; were it ever refused, the items stay as they are.
        guard let table = try? StoredItemTable(bytes: out.data, at: 0), table.count == count else { return }
        stored = table
        changed = [:]
        removed = []
    }

    public func contains(_ id: String) -> Bool { contains(Array(id.utf8)) }

    private func contains(_ key: [UInt8]) -> Bool {
        if changed[key] != nil { return true }
        guard let stored, !removed.contains(key) else { return false }
        return stored.contains(key)
    }

    // MARK: - Iteration in id order

    public struct Iterator: IteratorProtocol {
        private let stored: StoredItemTable?
        private var storedIndex = 0
        private let changed: [[UInt8]: Item]
        private let removed: Set<[UInt8]>
        private let changedIDs: [[UInt8]]
        private var changedIndex = 0

        init(_ states: ItemStates) {
            stored = states.stored
            changed = states.changed
            removed = states.removed
            changedIDs = states.changed.keys.sorted { $0.lexicographicallyPrecedes($1) }
        }

        public mutating func next() -> (key: String, value: Item)? {
            while true {
                let storedID = stored.flatMap { storedIndex < $0.count ? $0.idBytes(at: storedIndex) : nil }
                let changedID = changedIndex < changedIDs.count ? changedIDs[changedIndex] : nil
                guard storedID != nil || changedID != nil else { return nil }
                if let changedID, storedID.map({ !$0.lexicographicallyPrecedes(changedID) }) ?? true {
                    // The changed item comes first, or replaces the stored one of the same id.
                    if let storedID, storedID.elementsEqual(changedID) { storedIndex += 1 }
                    changedIndex += 1
                    guard let item = changed[changedID] else { continue }
                    return (String(decoding: changedID, as: UTF8.self), item)
                }
                guard let stored, let storedID else { return nil }
                let index = storedIndex
                storedIndex += 1
                if removed.contains(Array(storedID)) { continue }
                guard let item = stored.item(at: index) else { continue }
                return (String(decoding: storedID, as: UTF8.self), item)
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// Each stored record that nothing changed, as its encoded bytes (copied as they are when
    /// the snapshot is stored again), or a changed item; in id order.
    func forEachRecord(_ body: (_ id: String, _ storedRecord: ArraySlice<UInt8>?, _ item: Item?) -> Void) {
        let changedIDs = changed.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var changedIndex = 0
        let storedCount = stored?.count ?? 0
        var storedIndex = 0
        while storedIndex < storedCount || changedIndex < changedIDs.count {
            let storedID = storedIndex < storedCount ? stored?.idBytes(at: storedIndex) : nil
            if changedIndex < changedIDs.count, storedID.map({ !$0.lexicographicallyPrecedes(changedIDs[changedIndex]) }) ?? true {
                let id = changedIDs[changedIndex]
                if let storedID, storedID.elementsEqual(id) { storedIndex += 1 }
                changedIndex += 1
                body(String(decoding: id, as: UTF8.self), nil, changed[id])
                continue
            }
            defer { storedIndex += 1 }
            guard let stored, let storedID, !removed.contains(Array(storedID)) else { continue }
            body(String(decoding: storedID, as: UTF8.self), stored.record(at: storedIndex), nil)
        }
    }

    public static func == (lhs: ItemStates, rhs: ItemStates) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
