import Foundation

/// Reads the ledger folder: a C2SP tlog-tiles log (`checkpoint`, `tile/<L>/<N>[.p/<W>]`,
/// `tile/entries/<N>[.p/<W>]`) plus every checkpoint ever signed, in `checkpoints/<size>`.
///
/// Readers never take a lock: they read the checkpoint first and then only tiles that
/// checkpoint requires, which writers never change once written (a partial tile may be
/// deleted after its full tile exists, so reads fall back to the full tile's prefix).
public final class LedgerStore: Sendable {
    public let directory: String
    /// Where the bytes are: every read below goes through it (see docs/STORAGE.md).
    public let storage: PosixLedgerStorage
    static let tileWidth = 256
    static let maxCheckpointBytes = 1 << 20

    public init(directory: String) {
        self.directory = directory
        storage = PosixLedgerStorage(directory: directory)
    }

    func path(_ relative: String) -> String { (directory as NSString).appendingPathComponent(relative) }

    public var checkpointPath: String { path("checkpoint") }

    public func checkpointArchivePath(size: UInt64) -> String { path("checkpoints/\(size)") }

    /// The newest checkpoint's bytes, or nil before the first one is written.
    public func readCheckpointBytes() throws -> [UInt8]? {
        try storage.readCheckpointBlocking()
    }

    /// Sizes of the archived checkpoints, ascending.
    public func archivedCheckpointSizes() throws -> [UInt64] {
        try storage.archivedCheckpointSizesBlocking()
    }

    /// `cosigned/<size>`: the checkpoint of that size with the witnesses' cosignatures.
    public func cosignedPath(size: UInt64) -> String { path("cosigned/\(size)") }

    /// Sizes of the cosigned checkpoints kept, ascending.
    public func cosignedSizes() throws -> [UInt64] {
        try FileSystem.list(path("cosigned")).compactMap { name in
            guard let size = UInt64(name), String(size) == name else { return nil }
            return size
        }.sorted()
    }

    public func readArchivedCheckpoint(size: UInt64) throws -> [UInt8] {
        guard let bytes = try storage.readArchivedCheckpointBlocking(size: size) else {
            throw FileSystem.ioError(ENOENT, "read", checkpointArchivePath(size: size))
        }
        return bytes
    }

    // MARK: Tiles

    /// Width of the rightmost tile at `level` (0…255; 0 means that level has no partial tile).
    static func partialWidth(level: Int, treeSize: UInt64) -> Int {
        Int(countAtLevel(level, treeSize: treeSize) % UInt64(tileWidth))
    }

    /// How many hashes tile level `level` holds for a tree of `treeSize` leaves.
    static func countAtLevel(_ level: Int, treeSize: UInt64) -> UInt64 {
        let shift = UInt64(8 * level)
        return shift >= 64 ? 0 : treeSize >> shift
    }

    /// The width tile `index` at `level` has in a tree of `treeSize` (256 when full, 0 when absent).
    static func width(level: Int, index: UInt64, treeSize: UInt64) -> Int {
        let count = countAtLevel(level, treeSize: treeSize)
        let start = index * UInt64(tileWidth)
        if count >= start + UInt64(tileWidth) { return tileWidth }
        if count <= start { return 0 }
        return Int(count - start)
    }

    /// Reads `width` hashes of tile (`level`, `index`): the partial file, or the full
    /// tile's prefix when the partial one has been cleaned up.
    public func readHashTile(level: Int, index: UInt64, width: Int) throws -> [[UInt8]] {
        let bytes = try readTileFile(kind: .hashes(level: level), index: index, width: width, unit: Merkle.hashSize)
        return stride(from: 0, to: width * Merkle.hashSize, by: Merkle.hashSize).map {
            Array(bytes[$0..<($0 + Merkle.hashSize)])
        }
    }

    /// Reads the entries of bundle `index` that a tree needing `width` of them holds.
    public func readEntryBundle(index: UInt64, width: Int) throws -> [[UInt8]] {
        if width < Self.tileWidth, let bytes = try storage.readTileBlocking(TileRef(kind: .entries, index: index, width: width)) {
            return try decodeBundle(bytes, expected: width, name: TilePath.entryBundle(index: index, width: width))
        }
        let fullName = TilePath.entryBundle(index: index, width: Self.tileWidth)
        guard let bytes = try storage.readTileBlocking(TileRef(kind: .entries, index: index, width: Self.tileWidth)) else {
            throw LedgerError.missingFile(TilePath.entryBundle(index: index, width: width))
        }
        let entries = try decodeBundle(bytes, expected: Self.tileWidth, name: fullName)
        return Array(entries.prefix(width))
    }

    static let maxBundleBytes = 256 * (2 + LedgerEntry.maxEncodedSize)

    private func decodeBundle(_ bytes: [UInt8], expected: Int, name: String) throws -> [[UInt8]] {
        do {
            return try EntryBundle.decode(bytes, expectedCount: expected)
        } catch {
            throw LedgerError.malformed("\(name): \(error)")
        }
    }

    private func readTileFile(kind: TileRef.Kind, index: UInt64, width: Int, unit: Int) throws -> [UInt8] {
        let partialRef = TileRef(kind: kind, index: index, width: width)
        let fullRef = TileRef(kind: kind, index: index, width: Self.tileWidth)
        // Named only for messages, and only once the storage has checked the width.
        var partial: String { (try? partialRef.checkedPath()) ?? "tile \(index) of width \(width)" }
        var full: String { (try? fullRef.checkedPath()) ?? "tile \(index)" }
        if width < Self.tileWidth, let bytes = try storage.readTileBlocking(partialRef) {
            guard bytes.count == width * unit else {
                throw LedgerError.malformed("\(partial) holds \(bytes.count) bytes; it should hold \(width * unit)")
            }
            return bytes
        }
        guard let bytes = try storage.readTileBlocking(fullRef) else {
            throw LedgerError.missingFile(width < Self.tileWidth ? partial : full)
        }
        guard bytes.count == Self.tileWidth * unit else {
            throw LedgerError.malformed("\(full) holds \(bytes.count) bytes; a full tile holds \(Self.tileWidth * unit)")
        }
        return Array(bytes.prefix(width * unit))
    }

    /// The hash of the perfect subtree at Merkle `height` and `index` (leaves
    /// [index·2^height, (index+1)·2^height)) of a tree of `treeSize`, from the tiles.
    public func perfectSubtreeHash(height: Int, index: UInt64, treeSize: UInt64) throws -> [UInt8] {
        let tileLevel = height / 8
        let span = UInt64(1) << UInt64(height % 8)
        let first = index * span
        let tileIndex = first / UInt64(Self.tileWidth)
        let offset = Int(first % UInt64(Self.tileWidth))
        let width = Self.width(level: tileLevel, index: tileIndex, treeSize: treeSize)
        guard width >= offset + Int(span) else {
            throw LedgerError.malformed("subtree \(height)/\(index) lies beyond a tree of \(treeSize) entries")
        }
        let hashes = try readHashTile(level: tileLevel, index: tileIndex, width: width)
        return try Merkle.root(leafHashes: hashes[offset..<(offset + Int(span))])
    }

    /// The root of the first `treeSize` entries, computed from the tiles.
    public func rootHash(treeSize: UInt64) throws -> [UInt8] {
        if treeSize == 0 { return try Merkle.emptyRoot() }
        let subtrees = try Merkle.perfectSubtrees(size: treeSize).map { subtree in
            try perfectSubtreeHash(height: subtree.level, index: subtree.index, treeSize: treeSize)
        }
        return try Merkle.root(ofPerfectSubtrees: subtrees)
    }

    /// MTH(D[start:end]) from the tiles, for proofs against a tree of `treeSize`.
    public func subtreeHash(start: UInt64, end: UInt64, treeSize: UInt64) throws -> [UInt8] {
        try Merkle.subtreeHash(start: start, end: end) { level, index in
            try perfectSubtreeHash(height: level, index: index, treeSize: treeSize)
        }
    }

    /// Entries [range) of a tree of `treeSize`, read bundle by bundle.
    public func forEachEntry(in range: Range<UInt64>, treeSize: UInt64,
                             _ body: (UInt64, [UInt8]) throws -> Void) throws {
        guard !range.isEmpty else { return }
        var bundleIndex = range.lowerBound / UInt64(Self.tileWidth)
        while bundleIndex * UInt64(Self.tileWidth) < range.upperBound {
            let width = Self.width(level: 0, index: bundleIndex, treeSize: treeSize)
            let entries = try readEntryBundle(index: bundleIndex, width: width)
            for (offset, entry) in entries.enumerated() {
                let index = bundleIndex * UInt64(Self.tileWidth) + UInt64(offset)
                if range.contains(index) { try body(index, entry) }
            }
            bundleIndex += 1
        }
    }

    public func entry(at index: UInt64, treeSize: UInt64) throws -> [UInt8] {
        let bundleIndex = index / UInt64(Self.tileWidth)
        let entries = try readEntryBundle(index: bundleIndex,
                                          width: Self.width(level: 0, index: bundleIndex, treeSize: treeSize))
        let offset = Int(index % UInt64(Self.tileWidth))
        guard offset < entries.count else { throw LedgerError.missingFile("entry \(index)") }
        return entries[offset]
    }
}

public enum LedgerError: Error, CustomStringConvertible, Equatable {
    case missingFile(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .missingFile(let name): return "ledger file \(name) is missing"
        case .malformed(let detail): return detail
        }
    }
}
