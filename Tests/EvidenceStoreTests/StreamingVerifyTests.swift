import Foundation
import GRDB
import Testing
@testable import EvidenceStore

/// What `verify` and `audit` compute in one pass, holding neither the ledger nor the catalogs,
/// must be exactly what the same checks compute over everything held in memory.
@Suite struct StreamingVerifyTests {
    private static func leaves(_ count: Int) throws -> [[UInt8]] {
        try (0..<count).map { try Merkle.leafHash(Array("leaf \($0)".utf8)) }
    }

    @Test func theAccumulatedRootIsTheTreeRootAtEverySize() throws {
        let leaves = try Self.leaves(1100)
        // Every size up to past two tiles, and the sizes around each power of two beyond.
        var sizes = Set(0...520)
        for power in [512, 1024] { sizes.formUnion((power - 3)...(power + 3)) }
        sizes.insert(leaves.count)
        var tree = MerkleAccumulator()
        #expect(tree.root() == (try Merkle.emptyRoot()))
        let wanted = Set(sizes.map(UInt64.init))
        let roots = try Merkle.roots(leafHashes: leaves, atSizes: wanted)
        for (offset, leaf) in leaves.enumerated() {
            tree.append(leaf)
            let size = offset + 1
            guard sizes.contains(size) else { continue }
            #expect(tree.count == UInt64(size))
            #expect(tree.root() == (try Merkle.root(leafHashes: leaves[0..<size])), "size \(size)")
            #expect(tree.root() == roots[UInt64(size)], "size \(size)")
        }
        // A leaf of the wrong size leaves no root, as Merkle.root refuses one.
        tree.append([1, 2, 3])
        #expect(tree.root() == nil)
    }

    @Test func oneStreamedPassChecksTilesAndRootsOfEverySize() throws {
        // Sizes that end on, just before and just after tile boundaries, so that every level
        // has full and partial tiles, and archived checkpoints of each.
        let signed = try UnitLedgerVerifierTests.SignedLedger(size: 700, commitsAt: [1, 255, 256, 257, 512, 600])
        let leaves = try signed.entries.map { try Merkle.leafHash($0) }
        var visited: [UInt64] = []
        let result = LedgerVerifier(store: signed.ledger.store, origin: UnitLedger.origin)
            .run(trustedLogKey: signed.ledger.verifier, rootsAt: [3, 256, 513, 700]) { visit in
                visited.append(visit.entry.seq)
                #expect(visit.isValid && visit.applied && visit.leafHash == leaves[Int(visit.entry.seq)])
            }
        #expect(result.problems == [])
        #expect(result.entriesRead == 700 && result.readsWholeTree)
        #expect(visited == Array(0..<700))
        // Nothing of the ledger is kept unless asked for.
        #expect(result.entries.isEmpty && result.leafHashes.isEmpty)
        #expect(result.checkpointsChecked == signed.commits.count)
        for size in [3, 256, 513, 700] + signed.commits {
            #expect(result.roots[UInt64(size)] == (try Merkle.root(leafHashes: leaves[0..<size])), "size \(size)")
        }
    }

    @Test func aTamperedTileOfAnyLevelIsNamedInTheOrderOfTheTree() throws {
        let signed = try UnitLedgerVerifierTests.SignedLedger(size: 600, commitsAt: [300])
        // A hash in tile 1 of level 0 and the first hash of level 1 (whose tile is partial).
        for name in ["tile/0/001", "tile/1/000.p/2"] {
            let path = signed.ledger.path(name)
            var bytes = try FileSystem.read(path, limit: 1 << 20)
            bytes[5] ^= 1
            try UnitFiles.write(path, bytes)
        }
        let result = signed.verifyTrustingLogKey()
        let tiles = result.problems.filter { $0.hasPrefix("tile/") }
        #expect(tiles.count == 2, "\(result.problems)")
        #expect(tiles.first?.hasPrefix("tile/0/001 does not match the entries: the hash of ledger entry 256 differs") == true)
        #expect(tiles.last?.hasPrefix("tile/1/000.p/2 does not match the entries: the hash of the subtree starting at ledger entry 0 differs") == true)
    }

    // MARK: Catalog comparison

    private static func custody(_ db: Database, seq: Int, reason: String) throws {
        try db.execute(sql: """
            INSERT INTO custody (seq, case_id, item_id, time, actor, reason)
            VALUES (?, 'case_1', 'itm_1', '2026-03-14T02:13:47.120Z', 'usr_1', ?)
            """, arguments: [seq, reason])
    }

    private static func hold(_ db: Database, id: String, reason: String) throws {
        try db.execute(sql: """
            INSERT INTO holds (id, case_id, reason, added_seq, added_at, added_by)
            VALUES (?, 'case_1', ?, 1, '2026-03-14T02:13:47.120Z', 'usr_1')
            """, arguments: [id, reason])
    }

    @Test func theMergedComparisonFindsWhatTheRowsInMemoryFind() throws {
        let stored = try Catalog()
        let expected = try Catalog()
        // Integer keys whose order as numbers (how the tables are read) differs from their
        // order as text (how problems are listed), and text keys of several lengths.
        try stored.database.write { db in
            for seq in [2, 9, 10, 100, 1000] { try Self.custody(db, seq: seq, reason: seq == 100 ? "edited" : "as recorded") }
            for id in ["hold_a", "hold_b2", "hold_z"] { try Self.hold(db, id: id, reason: "as recorded") }
        }
        try expected.database.write { db in
            for seq in [1, 9, 10, 11, 100, 999] { try Self.custody(db, seq: seq, reason: "as recorded") }
            for id in ["hold_", "hold_a", "hold_b"] { try Self.hold(db, id: id, reason: id == "hold_a" ? "changed" : "as recorded") }
        }
        let inMemory = try stored.database.read { storedDB in
            try expected.database.read { expectedDB in
                try CatalogRows.read(storedDB).problems(comparedWith: try CatalogRows.read(expectedDB))
            }
        }
        let merged = try stored.database.read { storedDB in
            try expected.database.read { expectedDB in try CatalogComparison.problems(stored: storedDB, expected: expectedDB) }
        }
        #expect(inMemory.count == 11, "\(inMemory)")
        #expect(merged == inMemory)
        let same = try expected.database.read { db in try CatalogComparison.problems(stored: db, expected: db) }
        #expect(same.isEmpty)
    }
}
