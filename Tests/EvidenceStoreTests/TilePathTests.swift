import Testing
@testable import EvidenceStore

/// The tlog-tiles layout: the spec's own examples, round trips, and paths that must be refused.
@Suite struct TilePathTests {
    @Test func indexEncoding() {
        #expect(TilePath.encodeIndex(1_234_067) == "x001/x234/067")  // the spec's example
        #expect(TilePath.encodeIndex(0) == "000")
        #expect(TilePath.encodeIndex(7) == "007")
        #expect(TilePath.encodeIndex(999) == "999")
        #expect(TilePath.encodeIndex(1000) == "x001/000")
        #expect(TilePath.encodeIndex(1_000_000) == "x001/x000/000")
        #expect(TilePath.encodeIndex(UInt64.max) == "x018/x446/x744/x073/x709/x551/615")
    }

    @Test func hashTileAndBundlePaths() {
        #expect(TilePath.hashTile(level: 0, index: 1_234_067, width: 256) == "tile/0/x001/x234/067")
        #expect(TilePath.hashTile(level: 0, index: 1_234_067, width: 8) == "tile/0/x001/x234/067.p/8")
        #expect(TilePath.hashTile(level: 63, index: 0, width: 1) == "tile/63/000.p/1")
        #expect(TilePath.entryBundle(index: 273, width: 112) == "tile/entries/273.p/112")
        #expect(TilePath.entryBundle(index: 5, width: 256) == "tile/entries/005")
        #expect(TileRef(kind: .hashes(level: 1), index: 1, width: 17).path == "tile/1/001.p/17")
    }

    /// "A tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0
    /// tile of width 112, one full level 1 tile, one partial level 1 tile of width 17, and one
    /// partial level 2 tile of width 1", plus the entry bundles mirroring level 0.
    @Test func seventyThousandTree() {
        let tiles = TilePath.tilesFor(treeSize: 70_000)
        func of(_ kind: TileRef.Kind) -> [TileRef] { tiles.filter { $0.kind == kind } }
        let level0 = of(.hashes(level: 0))
        #expect(level0.count == 274)
        #expect(level0.filter { !$0.isPartial }.map(\.index) == Array(0..<273))
        #expect(level0.last == TileRef(kind: .hashes(level: 0), index: 273, width: 112))
        #expect(of(.hashes(level: 1)) == [
            TileRef(kind: .hashes(level: 1), index: 0, width: 256),
            TileRef(kind: .hashes(level: 1), index: 1, width: 17),
        ])
        #expect(of(.hashes(level: 2)) == [TileRef(kind: .hashes(level: 2), index: 0, width: 1)])
        #expect(of(.hashes(level: 3)).isEmpty)
        #expect(of(.entries) == level0.map { TileRef(kind: .entries, index: $0.index, width: $0.width) })
        #expect(tiles.count == 274 + 2 + 1 + 274)
        #expect(level0.last?.path == "tile/0/273.p/112")
        #expect(of(.hashes(level: 2)).first?.path == "tile/2/000.p/1")
    }

    @Test func smallTrees() {
        #expect(TilePath.tilesFor(treeSize: 0).isEmpty)
        #expect(TilePath.tilesFor(treeSize: 1).map(\.path) == ["tile/0/000.p/1", "tile/entries/000.p/1"])
        // "A tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1."
        #expect(TilePath.tilesFor(treeSize: 256).map(\.path) == ["tile/0/000", "tile/1/000.p/1", "tile/entries/000"])
        #expect(TilePath.tilesFor(treeSize: 65_536).filter { $0.kind == .hashes(level: 2) }.map(\.path) == ["tile/2/000.p/1"])
    }

    @Test func tileForAHash() {
        #expect(TilePath.tile(level: 0, hashIndex: 0, treeSize: 0) == nil)
        #expect(TilePath.tile(level: 0, hashIndex: 69_999, treeSize: 70_000) == TileRef(kind: .hashes(level: 0), index: 273, width: 112))
        #expect(TilePath.tile(level: 0, hashIndex: 70_000, treeSize: 70_000) == nil)
        #expect(TilePath.tile(level: 0, hashIndex: 300, treeSize: 70_000) == TileRef(kind: .hashes(level: 0), index: 1, width: 256))
        #expect(TilePath.tile(level: 1, hashIndex: 272, treeSize: 70_000) == TileRef(kind: .hashes(level: 1), index: 1, width: 17))
        #expect(TilePath.tile(level: 1, hashIndex: 273, treeSize: 70_000) == nil)
        #expect(TilePath.tile(level: 2, hashIndex: 0, treeSize: 70_000) == TileRef(kind: .hashes(level: 2), index: 0, width: 1))
        #expect(TilePath.tile(level: 8, hashIndex: 0, treeSize: .max) == nil)
    }

    @Test func parseRoundTrips() {
        var paths = TilePath.tilesFor(treeSize: 70_000).map(\.path)
        for index: UInt64 in [0, 1, 999, 1000, 999_999, 1_000_000, 1_234_067, UInt64.max / 256, UInt64.max] {
            for width in [1, 17, 255, 256] {
                paths.append(TilePath.hashTile(level: Int(index % 64), index: index, width: width))
                paths.append(TilePath.entryBundle(index: index, width: width))
            }
        }
        paths += [
            "tile/63/x018/x446/x744/x073/x709/x551/615",
            "tile/0/x001/x234/067.p/255",
            "tile/entries/x001/x234/067.p/1",
            "tile/10/000",
        ]
        for path in paths {
            let ref = TilePath.parse(path)
            #expect(ref?.path == path, "\(path)")
        }
        #expect(TilePath.parse("tile/0/x001/x234/067.p/8") == TileRef(kind: .hashes(level: 0), index: 1_234_067, width: 8))
        #expect(TilePath.parse("tile/entries/000") == TileRef(kind: .entries, index: 0, width: 256))
    }

    @Test(arguments: [
        "", "tile", "tile/", "tile/0", "tile/0/", "/tile/0/000", "tile/0/000/", "tiles/0/000",
        "tile/00/000", "tile/01/000", "tile/64/000", "tile/-1/000", "tile/+1/000", "tile/1a/000",
        "tile/ 1/000", "tile/١/000",  // Arabic-Indic digit one
        "tile/0/0", "tile/0/00", "tile/0/0000", "tile/0/x000", "tile/0/x001", "tile/0/001/002",
        "tile/0/x000/001", "tile/0/x1/000", "tile/0/xx01/000", "tile/0/X001/000", "tile/0/x001/x234/067/",
        "tile/0/x018/x446/x744/x073/x709/x551/616",  // UInt64.max + 1
        "tile/0/x001/x018/x446/x744/x073/x709/x551/615",
        "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/08", "tile/0/000.p/", "tile/0/000.p",
        "tile/0/000.p/8/", "tile/0/000.p/8.p/8", "tile/0/000.q/8", "tile/0/000p/8", "tile/0/x000.p/8",
        "tile/entries/000.p/256", "tile/entries", "tile/entries/", "tile/Entries/000", "tile/entries/0",
        "tile/0/../000", "tile/0/./000", "tile//0/000", "tile/0//000",
    ])
    func parseRejects(_ path: String) {
        #expect(TilePath.parse(path) == nil, "\(path)")
    }
}
