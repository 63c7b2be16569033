/// Merkle hashes served from tiles: the bridge between `Merkle` (which needs subtree hashes)
/// and a tile store (which only has the hashes at levels 0, 8, 16, …).
///
/// `readTile` is handed the exact tile (full, or partial with the width the tree size implies)
/// and must return its hashes in order; it is called for tiles of the given tree only, as the
/// spec requires ("MUST NOT fetch arbitrary partial tiles"). A store that no longer has an old
/// partial tile may answer with the first `width` hashes of a wider version of the same tile
/// (the full one, or a later partial one): a narrower tile is always a prefix of a wider one.
extension TilePath {
    /// The hash of the perfect subtree at `level`, `index` (leaves [index·2^level, (index+1)·2^level))
    /// in a tree of `treeSize` leaves.
    ///
    /// A level that is a multiple of 8 is stored directly: tile level level/8, hash index `index`.
    /// Any other level sits inside one tile: its 2^(level mod 8) descendants at the tile's level
    /// are consecutive and aligned, so they never straddle two tiles, and hashing them pairwise
    /// rebuilds it. The tree size picks between the full and the partial tile.
    public static func perfectSubtreeHash(
        level: Int, index: UInt64, treeSize: UInt64,
        readTile: (TileRef) throws -> [[UInt8]]
    ) throws -> [UInt8] {
        guard (0...63).contains(level), index < treeSize >> UInt64(level) else {
            throw MerkleError.subtreeOutsideTree(level: level, index: index, treeSize: treeSize)
        }
        let tileLevel = level / tileHeight
        let levelsInside = level % tileHeight
        let first = index << UInt64(levelsInside)  // < treeSize >> (8·tileLevel): no overflow
        let count = 1 << levelsInside
        guard let ref = tile(level: tileLevel, hashIndex: first + UInt64(count - 1), treeSize: treeSize) else {
            throw MerkleError.subtreeOutsideTree(level: level, index: index, treeSize: treeSize)
        }
        let hashes = try readTileChecked(ref, readTile)
        let offset = Int(first % UInt64(tileWidth))
        return try Merkle.root(leafHashes: hashes[offset..<(offset + count)])
    }

    /// MTH(D[start:end]) for a subtree range (see `Merkle.subtreeHash`), from the tiles of a
    /// tree of `treeSize` leaves.
    public static func subtreeHash(
        start: UInt64, end: UInt64, treeSize: UInt64,
        readTile: (TileRef) throws -> [[UInt8]]
    ) throws -> [UInt8] {
        try Merkle.subtreeHash(start: start, end: end) { level, index in
            try perfectSubtreeHash(level: level, index: index, treeSize: treeSize, readTile: readTile)
        }
    }

    /// The root of the tree of `treeSize` leaves, from its tiles: what a writer recomputes and
    /// compares with the newest checkpoint before it appends.
    public static func root(treeSize: UInt64, readTile: (TileRef) throws -> [[UInt8]]) throws -> [UInt8] {
        try withTileCache(readTile) { cached in
            try subtreeHash(start: 0, end: treeSize, treeSize: treeSize, readTile: cached)
        }
    }

    /// RFC 9162 inclusion proof of leaf `leafIndex` in the tree of `treeSize` leaves, from its tiles.
    public static func inclusionProof(
        leafIndex: UInt64, treeSize: UInt64, readTile: (TileRef) throws -> [[UInt8]]
    ) throws -> [[UInt8]] {
        try withTileCache(readTile) { cached in
            try Merkle.inclusionProof(leafIndex: leafIndex, treeSize: treeSize) { start, end in
                try subtreeHash(start: start, end: end, treeSize: treeSize, readTile: cached)
            }
        }
    }

    /// RFC 9162 consistency proof from size `size1` to size `size2`, from the tiles of the tree
    /// of `size2` leaves (every range the proof needs lies inside it).
    public static func consistencyProof(
        size1: UInt64, size2: UInt64, readTile: (TileRef) throws -> [[UInt8]]
    ) throws -> [[UInt8]] {
        try withTileCache(readTile) { cached in
            try Merkle.consistencyProof(size1: size1, size2: size2) { start, end in
                try subtreeHash(start: start, end: end, treeSize: size2, readTile: cached)
            }
        }
    }

    /// Reads a tile and refuses one whose hash count or hash sizes differ from what its path
    /// promises: a truncated tile file must not turn into a wrong root.
    private static func readTileChecked(_ ref: TileRef, _ readTile: (TileRef) throws -> [[UInt8]]) throws -> [[UInt8]] {
        let hashes = try readTile(ref)
        guard hashes.count == ref.width else {
            throw MerkleError.tileWrongWidth(path: ref.path, got: hashes.count, want: ref.width)
        }
        for (position, hash) in hashes.enumerated() {
            try Merkle.requireHashSize(hash, "hash \(position) of \(ref.path)")
        }
        return hashes
    }

    /// One proof touches the same tile several times (each range splits into a few perfect
    /// subtrees); remembering tiles for the duration of one call keeps reads to one per tile.
    private static func withTileCache<R>(
        _ readTile: (TileRef) throws -> [[UInt8]],
        _ body: ((TileRef) throws -> [[UInt8]]) throws -> R
    ) throws -> R {
        // The cache only lives during this call, so `readTile` never really escapes.
        try withoutActuallyEscaping(readTile) { read in
            let cache = TileCache(source: read)
            return try body(cache.read)
        }
    }
}

/// Tiles already read during one proof or root computation (a local, single-threaded helper).
private final class TileCache {
    private let source: (TileRef) throws -> [[UInt8]]
    private var tiles: [TileRef: [[UInt8]]] = [:]

    init(source: @escaping (TileRef) throws -> [[UInt8]]) { self.source = source }

    func read(_ ref: TileRef) throws -> [[UInt8]] {
        if let hit = tiles[ref] { return hit }
        let hashes = try source(ref)
        tiles[ref] = hashes
        return hashes
    }
}
