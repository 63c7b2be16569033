/// One resource of a C2SP tlog-tiles log: a hash tile or an entry bundle, full or partial.
public struct TileRef: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A tile of Merkle tree hashes; tile level L holds hashes of perfect subtrees of 256^L leaves.
        case hashes(level: Int)
        /// An entry bundle: the log entries whose leaf hashes make up the level-0 tile of the same index.
        case entries
    }

    public var kind: Kind
    /// The tile's index within its level.
    public var index: UInt64
    /// Number of hashes (or entries): 256 for a full tile, 1…255 for a partial one.
    public var width: Int

    public init(kind: Kind, index: UInt64, width: Int) {
        self.kind = kind
        self.index = index
        self.width = width
    }

    public var isPartial: Bool { width < TilePath.tileWidth }

    /// The path relative to the log prefix, e.g. "tile/0/x001/x234/067.p/8".
    public var path: String {
        switch kind {
        case let .hashes(level): return TilePath.hashTile(level: level, index: index, width: width)
        case .entries: return TilePath.entryBundle(index: index, width: width)
        }
    }

    public var description: String { path }
}

/// Paths and arithmetic of the C2SP tlog-tiles layout (Tests/Fixtures/specs/c2sp/tlog-tiles.md),
/// with the spec's fixed tile height of 8 (256 hashes a tile).
///
/// Paths are built only from numbers, never from outside text, so they are safe to join onto a
/// directory; `parse` is the strict way back for paths that come from outside.
public enum TilePath {
    /// Tile height in tree levels.
    public static let tileHeight = 8
    /// Hashes in a full tile, entries in a full bundle.
    public static let tileWidth = 256

    /// Tile index as 3-digit path elements, all but the last prefixed with "x":
    /// 1234067 → "x001/x234/067", 0 → "000". Keeps directories small and never lets a file and
    /// a directory share a name.
    public static func encodeIndex(_ n: UInt64) -> String {
        var groups: [UInt64] = []
        var rest = n
        repeat {
            groups.append(rest % 1000)
            rest /= 1000
        } while rest > 0
        let digits = groups.reversed().map { group -> String in
            let text = String(group)
            return String(repeating: "0", count: 3 - text.count) + text
        }
        return digits.dropLast().map { "x" + $0 + "/" }.joined() + (digits.last ?? "000")
    }

    /// "tile/<L>/<N>" for a full tile, "tile/<L>/<N>.p/<W>" for a partial one (width 1…255).
    /// The width must be 1…256: tiles are only ever named from tree sizes, so anything else is a
    /// programming error.
    public static func hashTile(level: Int, index: UInt64, width: Int) -> String {
        precondition((0...63).contains(level), "tile level \(level) outside 0…63")
        return "tile/\(level)/" + encodeIndex(index) + widthSuffix(width)
    }

    /// "tile/entries/<N>" or "tile/entries/<N>.p/<W>".
    public static func entryBundle(index: UInt64, width: Int) -> String {
        "tile/entries/" + encodeIndex(index) + widthSuffix(width)
    }

    private static func widthSuffix(_ width: Int) -> String {
        precondition((1...tileWidth).contains(width), "tile width \(width) outside 1…256")
        return width == tileWidth ? "" : ".p/\(width)"
    }

    /// Every tile a tree of `treeSize` leaves consists of: at each level the full tiles and, when
    /// the level's hash count is not a multiple of 256, the rightmost partial tile; then the
    /// entry bundles, which mirror level 0. Levels stop where no hash is left (empty tiles are
    /// never served). Ordered by level, then index; bundles last.
    public static func tilesFor(treeSize: UInt64) -> [TileRef] {
        var tiles: [TileRef] = []
        var level = 0
        var hashes = treeSize  // hashes at this tile level: complete subtrees of 256^level leaves
        while hashes > 0 {
            tiles += tilesOfLevel(count: hashes) { TileRef(kind: .hashes(level: level), index: $0, width: $1) }
            level += 1
            hashes >>= UInt64(tileHeight)
        }
        tiles += tilesOfLevel(count: treeSize) { TileRef(kind: .entries, index: $0, width: $1) }
        return tiles
    }

    /// Full tiles for `count` consecutive hashes, then a partial one for the remainder.
    private static func tilesOfLevel(count: UInt64, make: (UInt64, Int) -> TileRef) -> [TileRef] {
        let full = count / UInt64(tileWidth)
        var tiles = (0..<full).map { make($0, tileWidth) }
        let remainder = Int(count % UInt64(tileWidth))
        if remainder > 0 { tiles.append(make(full, remainder)) }
        return tiles
    }

    /// The tile, as it exists in a tree of `treeSize` leaves, that holds the hash at position
    /// `hashIndex` of tile level `tileLevel`; nil if the tree has no such hash yet.
    ///
    /// A tile is full once the tree covers all 256 of its hashes, else it is the partial tile
    /// of width floor(treeSize / 256^level) mod 256.
    public static func tile(level tileLevel: Int, hashIndex: UInt64, treeSize: UInt64) -> TileRef? {
        guard (0...7).contains(tileLevel) else { return nil }  // 8·7 = 56 is the last level ≤ 63
        let available = treeSize >> UInt64(tileHeight * tileLevel)  // complete hashes at this level
        guard hashIndex < available else { return nil }
        let index = hashIndex / UInt64(tileWidth)
        let first = index * UInt64(tileWidth)
        let width = min(UInt64(tileWidth), available - first)
        return TileRef(kind: .hashes(level: tileLevel), index: index, width: Int(width))
    }
}
