/// Why an entry bundle could not be written or read. Offsets are byte offsets into the bundle,
/// so a damaged file can be inspected at the right place.
public enum EntryBundleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Entry `index` is empty; ledger entries are 1…65535 bytes.
    case emptyEntry(index: Int, offset: Int)
    /// Entry `index` is longer than a uint16 length prefix can say.
    case entryTooLong(index: Int, length: Int)
    /// More than 256 entries: a bundle mirrors one level-0 tile.
    case tooManyEntries(count: Int)
    /// The bundle ends inside the 2-byte length prefix that starts at `offset`.
    case truncatedLength(offset: Int)
    /// The entry whose prefix starts at `offset` declares `length` bytes, but only `available` remain.
    case truncatedEntry(offset: Int, length: Int, available: Int)
    /// Bytes remain at `offset` after the expected number of entries.
    case trailingBytes(offset: Int, count: Int)
    /// The bundle holds `got` entries where the tile says `expected`.
    case countMismatch(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .emptyEntry(index, offset):
            return "entry \(index) at byte \(offset) of the entry bundle is empty"
        case let .entryTooLong(index, length):
            return "entry \(index) is \(length) bytes, more than the 65535 an entry bundle allows"
        case let .tooManyEntries(count):
            return "an entry bundle holds at most 256 entries, not \(count)"
        case let .truncatedLength(offset):
            return "the entry bundle ends inside the length prefix at byte \(offset)"
        case let .truncatedEntry(offset, length, available):
            return "the entry at byte \(offset) of the entry bundle declares \(length) bytes but only \(available) follow"
        case let .trailingBytes(offset, count):
            return "the entry bundle has \(count) unexpected bytes at byte \(offset)"
        case let .countMismatch(expected, got):
            return "the entry bundle holds \(got) entries where \(expected) are expected"
        }
    }
}

/// tlog-tiles entry bundles: each entry as a big-endian uint16 length followed by its bytes.
public enum EntryBundle {
    /// Longest entry a uint16 length prefix can carry (the tlog-tiles limit, DESIGN.md "under 64 KiB").
    public static let maxEntrySize = Int(UInt16.max)

    /// Encodes up to 256 entries of 1…65535 bytes each.
    public static func encode(_ entries: [[UInt8]]) throws -> [UInt8] {
        guard entries.count <= TilePath.tileWidth else { throw EntryBundleError.tooManyEntries(count: entries.count) }
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + 2 + $1.count })
        for (index, entry) in entries.enumerated() {
            guard !entry.isEmpty else { throw EntryBundleError.emptyEntry(index: index, offset: out.count) }
            guard entry.count <= maxEntrySize else { throw EntryBundleError.entryTooLong(index: index, length: entry.count) }
            out.append(UInt8(truncatingIfNeeded: entry.count >> 8))
            out.append(UInt8(truncatingIfNeeded: entry.count))
            out += entry
        }
        return out
    }

    /// Decodes a bundle strictly: every byte must belong to a complete, non-empty entry, there
    /// are at most 256 entries, and, when `expectedCount` is given (the tile width), exactly that
    /// many. A bundle is checked against its level-0 tile afterwards by hashing the entries.
    public static func decode(_ bytes: [UInt8], expectedCount: Int?) throws -> [[UInt8]] {
        let limit = min(expectedCount ?? TilePath.tileWidth, TilePath.tileWidth)
        var entries: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard entries.count < limit else {
                if expectedCount == nil { throw EntryBundleError.tooManyEntries(count: entries.count + 1) }
                throw EntryBundleError.trailingBytes(offset: offset, count: bytes.count - offset)
            }
            guard bytes.count - offset >= 2 else { throw EntryBundleError.truncatedLength(offset: offset) }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            let available = bytes.count - offset - 2
            guard length > 0 else { throw EntryBundleError.emptyEntry(index: entries.count, offset: offset) }
            guard length <= available else {
                throw EntryBundleError.truncatedEntry(offset: offset, length: length, available: available)
            }
            entries.append(Array(bytes[(offset + 2)..<(offset + 2 + length)]))
            offset += 2 + length
        }
        if let expectedCount, entries.count != expectedCount {
            throw EntryBundleError.countMismatch(expected: expectedCount, got: entries.count)
        }
        return entries
    }
}
