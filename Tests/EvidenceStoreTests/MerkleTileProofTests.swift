import Testing
@testable import EvidenceStore

/// Tiles of one tree as a log writer would lay them out: level-0 tiles hold the leaf hashes,
/// each hash at tile level t+1 is the root of a full tile at level t. Deliberately naive and
/// independent of `TilePath.tilesFor`, so the two can be compared.
final class MerkleTestTiles {
    let treeSize: UInt64
    /// levels[t] = every hash of tile level t, in order.
    let levels: [[[UInt8]]]
    /// The tiles this store holds: per level, full tiles then the partial remainder.
    let tiles: Set<TileRef>
    /// Answer a partial tile from the prefix of a wider version of the same tile, as a store
    /// that no longer keeps old partial tiles may do (the spec lets a log delete a partial tile
    /// once the full one exists; the narrower tile is always a prefix of the wider one).
    var servePartialFromWider = false
    private(set) var reads: [TileRef] = []

    init(leafHashes: [[UInt8]]) throws {
        var levels = [leafHashes]
        while let below = levels.last, below.count >= TilePath.tileWidth {
            let fullTiles = below.count / TilePath.tileWidth
            levels.append(try (0..<fullTiles).map { tile in
                try Merkle.root(leafHashes: below[(tile * 256)..<((tile + 1) * 256)])
            })
        }
        var tiles = Set<TileRef>()
        for (level, hashes) in levels.enumerated() {
            for start in stride(from: 0, to: hashes.count, by: 256) {
                let width = min(256, hashes.count - start)
                tiles.insert(TileRef(kind: .hashes(level: level), index: UInt64(start / 256), width: width))
                if level == 0 { tiles.insert(TileRef(kind: .entries, index: UInt64(start / 256), width: width)) }
            }
        }
        self.levels = levels
        self.tiles = tiles
        self.treeSize = UInt64(leafHashes.count)
    }

    func read(_ ref: TileRef) throws -> [[UInt8]] {
        reads.append(ref)
        guard case let .hashes(level) = ref.kind, level < levels.count else { throw MerkleTestDataError("no tile \(ref)") }
        let start = Int(ref.index) * 256
        let wider = (ref.width...256).contains { tiles.contains(TileRef(kind: ref.kind, index: ref.index, width: $0)) }
        guard tiles.contains(ref) || (servePartialFromWider && wider) else {
            throw MerkleTestDataError("tile \(ref) does not exist in a tree of \(treeSize)")
        }
        return Array(levels[level][start..<(start + ref.width)])
    }
}

@Suite struct MerkleTileProofTests {
    /// Deterministic leaf hashes, made per test so a hashing failure is reported, not hidden.
    static func makeBigTree() throws -> [[UInt8]] { try MerkleTestBytes.randomLeafHashes(count: 2000, seed: 0xE71D_E2CE) }

    @Test func builderTilesAreTheSpecTiles() throws {
        let bigTree = try Self.makeBigTree()
        for size in [0, 1, 2, 255, 256, 257, 511, 512, 513, 1000, 2000] {
            let tiles = try MerkleTestTiles(leafHashes: Array(bigTree.prefix(size)))
            #expect(tiles.tiles == Set(TilePath.tilesFor(treeSize: UInt64(size))), "size \(size)")
        }
    }

    @Test func everyPerfectSubtreeHashFromTiles() throws {
        let bigTree = try Self.makeBigTree()
        let tiles = try MerkleTestTiles(leafHashes: bigTree)
        for level in 0...10 {
            let span = 1 << level
            for index in 0..<(bigTree.count / span) {
                let got = try TilePath.perfectSubtreeHash(
                    level: level, index: UInt64(index), treeSize: tiles.treeSize, readTile: tiles.read)
                let want = try Merkle.root(leafHashes: bigTree[(index * span)..<((index + 1) * span)])
                #expect(got == want, "level \(level) index \(index)")
            }
        }
    }

    @Test func rootsFromTilesMatchRootOfLeafHashes() throws {
        let bigTree = try Self.makeBigTree()
        var rng = MerkleTestRNG(seed: 7)
        let sizes = [0, 1, 2, 3, 7, 8, 9, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 1999, 2000]
            + (0..<30).map { _ in Int.random(in: 1...2000, using: &rng) }
        for size in sizes {
            let leaves = Array(bigTree.prefix(size))
            let tiles = try MerkleTestTiles(leafHashes: leaves)
            let want = try Merkle.root(leafHashes: leaves)
            #expect(try TilePath.root(treeSize: UInt64(size), readTile: tiles.read) == want, "size \(size)")
            if size <= 600 { #expect(want == (try MerkleReference.mth(leaves[...])), "size \(size)") }
        }
    }

    @Test func proofsFromTilesOfRandomTrees() throws {
        let bigTree = try Self.makeBigTree()
        var rng = MerkleTestRNG(seed: 11)
        let sizes = [1, 2, 3, 5, 8, 255, 256, 257, 300, 511, 512, 513, 1024, 1025, 2000]
            + (0..<12).map { _ in Int.random(in: 2...2000, using: &rng) }
        for size in sizes {
            let leaves = Array(bigTree.prefix(size))
            let tiles = try MerkleTestTiles(leafHashes: leaves)
            let root = try Merkle.root(leafHashes: leaves)
            let n = UInt64(size)
            let indices = Set([0, size - 1, size / 2] + (0..<15).map { _ in Int.random(in: 0..<size, using: &rng) })
            for (count, index) in indices.sorted().enumerated() {
                let proof = try TilePath.inclusionProof(leafIndex: UInt64(index), treeSize: n, readTile: tiles.read)
                try Merkle.verifyInclusion(
                    leafIndex: UInt64(index), treeSize: n, leafHash: leaves[index], proof: proof, root: root)
                if count < 3 { #expect(proof == (try MerkleReference.path(index, leaves[...])), "\(index) in \(size)") }
            }
            let olderSizes = Set([1, size - 1, size / 2, 256, 512] + (0..<10).map { _ in Int.random(in: 1...size, using: &rng) })
            for (count, size1) in olderSizes.filter({ (1...size).contains($0) }).sorted().enumerated() {
                let proof = try TilePath.consistencyProof(size1: UInt64(size1), size2: n, readTile: tiles.read)
                let root1 = try Merkle.root(leafHashes: leaves.prefix(size1))
                try Merkle.verifyConsistency(size1: UInt64(size1), size2: n, root1: root1, root2: root, proof: proof)
                if count < 3, size1 < size {
                    #expect(proof == (try MerkleReference.proof(size1, leaves[...])), "\(size1) → \(size)")
                }
            }
        }
    }

    /// Every index and every older size of small trees, and of trees around one full tile.
    @Test(arguments: Array(1...40) + [255, 256, 257])
    func exhaustiveProofsFromTiles(size: Int) throws {
        let bigTree = try Self.makeBigTree()
        let leaves = Array(bigTree.prefix(size))
        let tiles = try MerkleTestTiles(leafHashes: leaves)
        let n = UInt64(size)
        let roots = try (0...size).map { try Merkle.root(leafHashes: leaves.prefix($0)) }
        for index in 0..<size {
            let proof = try TilePath.inclusionProof(leafIndex: UInt64(index), treeSize: n, readTile: tiles.read)
            #expect(proof.count == Merkle.inclusionProofLength(leafIndex: UInt64(index), treeSize: n))
            try Merkle.verifyInclusion(leafIndex: UInt64(index), treeSize: n, leafHash: leaves[index], proof: proof, root: roots[size])
            if size <= 40 { #expect(proof == (try MerkleReference.path(index, leaves[...]))) }
        }
        for size1 in 0...size {
            let proof = try TilePath.consistencyProof(size1: UInt64(size1), size2: n, readTile: tiles.read)
            try Merkle.verifyConsistency(size1: UInt64(size1), size2: n, root1: roots[size1], root2: roots[size], proof: proof)
            if size <= 40, size1 > 0, size1 < size { #expect(proof == (try MerkleReference.proof(size1, leaves[...]))) }
        }
    }

    /// A 70,000-leaf tree reaches tile level 2 (the spec's example size).
    @Test func seventyThousandLeaves() throws {
        let leaves = try MerkleTestBytes.randomLeafHashes(count: 70_000, seed: 70_000)
        let tiles = try MerkleTestTiles(leafHashes: leaves)
        #expect(tiles.tiles == Set(TilePath.tilesFor(treeSize: 70_000)))
        let root = try Merkle.root(leafHashes: leaves)
        #expect(try TilePath.root(treeSize: 70_000, readTile: tiles.read) == root)
        for index in [0, 255, 256, 65_535, 65_536, 69_888, 69_999] {
            let proof = try TilePath.inclusionProof(leafIndex: UInt64(index), treeSize: 70_000, readTile: tiles.read)
            try Merkle.verifyInclusion(leafIndex: UInt64(index), treeSize: 70_000, leafHash: leaves[index], proof: proof, root: root)
        }
        for size1 in [1, 256, 65_535, 65_536, 65_537, 69_999] {
            let proof = try TilePath.consistencyProof(size1: UInt64(size1), size2: 70_000, readTile: tiles.read)
            let root1 = try Merkle.root(leafHashes: leaves.prefix(size1))
            try Merkle.verifyConsistency(size1: UInt64(size1), size2: 70_000, root1: root1, root2: root, proof: proof)
        }
    }

    /// An old checkpoint's proofs from a store that has grown: the partial tiles of the old size
    /// are served as prefixes of the (now full) tiles, and the proofs still match the old root.
    @Test func olderTreeFromAGrownStore() throws {
        let bigTree = try Self.makeBigTree()
        let tiles = try MerkleTestTiles(leafHashes: bigTree)
        tiles.servePartialFromWider = true
        for oldSize in [300, 777, 1500] {
            let leaves = bigTree.prefix(oldSize)
            let oldRoot = try Merkle.root(leafHashes: leaves)
            let read: (TileRef) throws -> [[UInt8]] = { ref in
                // Only tiles that exist for the old size may be asked for.
                guard TilePath.tilesFor(treeSize: UInt64(oldSize)).contains(ref) else { throw MerkleTestDataError("\(ref)") }
                return try tiles.read(ref)
            }
            #expect(try TilePath.root(treeSize: UInt64(oldSize), readTile: read) == oldRoot)
            let proof = try TilePath.inclusionProof(leafIndex: 299, treeSize: UInt64(oldSize), readTile: read)
            try Merkle.verifyInclusion(leafIndex: 299, treeSize: UInt64(oldSize), leafHash: bigTree[299], proof: proof, root: oldRoot)
        }
    }

    @Test func eachTileIsReadOncePerProof() throws {
        let bigTree = try Self.makeBigTree()
        let tiles = try MerkleTestTiles(leafHashes: bigTree)
        _ = try TilePath.inclusionProof(leafIndex: 1234, treeSize: 2000, readTile: tiles.read)
        #expect(tiles.reads.count == Set(tiles.reads).count)
    }

    @Test func damagedTilesAreRefused() throws {
        let bigTree = try Self.makeBigTree()
        let tiles = try MerkleTestTiles(leafHashes: bigTree)
        let short: (TileRef) throws -> [[UInt8]] = { ref in Array(try tiles.read(ref).dropLast()) }
        #expect(throws: MerkleError.tileWrongWidth(path: "tile/0/007.p/208", got: 207, want: 208)) {
            try TilePath.perfectSubtreeHash(level: 0, index: 1999, treeSize: 2000, readTile: short)
        }
        let badHash: (TileRef) throws -> [[UInt8]] = { ref in
            var hashes = try tiles.read(ref)
            hashes[3].removeLast()
            return hashes
        }
        #expect(throws: MerkleError.hashWrongSize(what: "hash 3 of tile/1/000.p/7", count: 31)) {
            try TilePath.root(treeSize: 2000, readTile: badHash)
        }
        struct Unavailable: Error {}
        #expect(throws: Unavailable.self) {
            try TilePath.root(treeSize: 2000) { _ in throw Unavailable() }
        }
    }

    @Test func subtreesOutsideTheTreeAreRefused() throws {
        let bigTree = try Self.makeBigTree()
        let tiles = try MerkleTestTiles(leafHashes: bigTree)
        // [1024, 2048) is not complete in a tree of 2000; level 64 does not exist.
        #expect(throws: MerkleError.subtreeOutsideTree(level: 10, index: 1, treeSize: 2000)) {
            try TilePath.perfectSubtreeHash(level: 10, index: 1, treeSize: 2000, readTile: tiles.read)
        }
        #expect(throws: MerkleError.subtreeOutsideTree(level: 64, index: 0, treeSize: 2000)) {
            try TilePath.perfectSubtreeHash(level: 64, index: 0, treeSize: 2000, readTile: tiles.read)
        }
        #expect(throws: MerkleError.indexBeyondSize(index: 2000, size: 2000)) {
            try TilePath.inclusionProof(leafIndex: 2000, treeSize: 2000, readTile: tiles.read)
        }
        #expect(throws: MerkleError.sizesOutOfOrder(size1: 2001, size2: 2000)) {
            try TilePath.consistencyProof(size1: 2001, size2: 2000, readTile: tiles.read)
        }
    }
}
