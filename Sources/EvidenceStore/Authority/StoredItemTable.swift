/// One bucket of an authority snapshot's items (StoredItemBuckets), left encoded: `count`
/// (u32), then one u32 offset per item (from the start of the records), then the records,
/// sorted by id in UTF-8 byte order, each as `AuthoritySnapshot` writes an item. Lookups
/// search the offsets and decode one record.
///
/// The bucket's digest, named in the authenticated snapshot, has already been checked; the
/// checks here (offsets in order and in bounds, each record's fields filling it exactly, ids
/// strictly increasing) keep a lookup from ever reading outside its record or searching an
/// unsorted table, at a cost that walks each record once and allocates nothing.
final class StoredItemTable: Sendable {
    private let bytes: [UInt8]
    let count: Int
    private let offsetsStart: Int
    private let recordsStart: Int
    private let recordsEnd: Int

    /// The table at `start` in `bytes`, running to the end of `bytes`.
    init(bytes: [UInt8], at start: Int) throws {
        var reader = SnapshotReader(bytes, at: start)
        let count = try reader.u32()
        let offsetsStart = reader.offset
        guard count <= (bytes.count - offsetsStart) / 4 else {
            throw FormatError("an authority snapshot counts more items than it holds")
        }
        self.bytes = bytes
        self.count = count
        self.offsetsStart = offsetsStart
        recordsStart = offsetsStart + 4 * count
        recordsEnd = bytes.count
        var previous: Range<Int>?
        for index in 0..<count {
            let range = recordRange(at: index)
            guard range.lowerBound >= recordsStart, range.lowerBound < range.upperBound, range.upperBound <= recordsEnd,
                  previous.map({ $0.upperBound == range.lowerBound }) ?? (range.lowerBound == recordsStart) else {
                throw FormatError("an authority snapshot's item offsets are out of order")
            }
            var walker = SnapshotReader(bytes, at: range.lowerBound)
            try AuthoritySnapshot.skipItem(&walker)
            guard walker.offset == range.upperBound, let id = idBytes(in: range) else {
                throw FormatError("an authority snapshot has an item record of the wrong length")
            }
            if let previous, let before = idBytes(in: previous), !bytes[before].lexicographicallyPrecedes(bytes[id]) {
                throw FormatError("an authority snapshot's items are not in order")
            }
            previous = range
        }
        guard (previous?.upperBound ?? recordsStart) == recordsEnd else {
            throw FormatError("an authority snapshot has bytes after its items")
        }
    }

    private func offset(at index: Int) -> Int {
        let at = offsetsStart + 4 * index
        return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    /// The bytes of record `index` (checked in bounds and in order when the table was opened).
    private func recordRange(at index: Int) -> Range<Int> {
        let start = recordsStart + offset(at: index)
        let end = index + 1 < count ? recordsStart + offset(at: index + 1) : recordsEnd
        return start..<max(start, end)
    }

    /// Where a record's id (its first field, a u32-prefixed string) lies, if it fits in the record.
    private func idBytes(in record: Range<Int>) -> Range<Int>? {
        guard record.count >= 4 else { return nil }
        let at = record.lowerBound
        let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        guard length <= record.count - 4 else { return nil }
        return (at + 4)..<(at + 4 + length)
    }

    func record(at index: Int) -> ArraySlice<UInt8> { bytes[recordRange(at: index)] }

    /// The UTF-8 bytes of record `index`'s id.
    func idBytes(at index: Int) -> ArraySlice<UInt8>? {
        idBytes(in: recordRange(at: index)).map { bytes[$0] }
    }

    func item(at index: Int) -> AuthorityState.Item? {
        var reader = SnapshotReader(bytes, at: recordRange(at: index).lowerBound)
        return try? AuthoritySnapshot.readItem(&reader).item
    }

    /// The index of the record whose id is `id`, by binary search.
    private func index(of wanted: [UInt8]) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            guard let range = idBytes(in: recordRange(at: middle)) else { return nil }
            let found = bytes[range]
            if found.elementsEqual(wanted) { return middle }
            if found.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    func contains(_ id: [UInt8]) -> Bool { index(of: id) != nil }

    func item(_ id: [UInt8]) -> AuthorityState.Item? { index(of: id).flatMap(item(at:)) }
}
