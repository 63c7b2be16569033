import Foundation
import Testing
@testable import EvidenceStore

/// What every `LedgerStorage` promises (docs/STORAGE.md), checked against each implementation.
@Suite struct LedgerStorageConformanceTests {
    typealias Subject = LedgerStorageSubject

    func with(_ subject: Subject, _ body: (any LedgerStorage) async throws -> Void) async throws {
        let dir = try UnitTempDir("storage")
        defer { dir.remove() }
        try await body(subject.make(dir.path))
    }

    static let fullHashes = TileRef(kind: .hashes(level: 0), index: 0, width: 256)
    static let partialHashes = TileRef(kind: .hashes(level: 0), index: 1, width: 5)
    static let higherLevel = TileRef(kind: .hashes(level: 2), index: 1_234_067, width: 17)
    static let fullBundle = TileRef(kind: .entries, index: 0, width: 256)
    static let partialBundle = TileRef(kind: .entries, index: 1, width: 5)

    @Test(arguments: Subject.all)
    func tilesRoundTripByPath(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let tiles = [Self.fullHashes, Self.partialHashes, Self.higherLevel, Self.fullBundle, Self.partialBundle]
            for (index, tile) in tiles.enumerated() {
                #expect(try await storage.readTile(tile) == nil)
                try await storage.writeTile(tile, StorageSamples.bytes(tile.width * 32, seed: UInt64(index)))
            }
            for (index, tile) in tiles.enumerated() {
                #expect(try await storage.readTile(tile) == StorageSamples.bytes(tile.width * 32, seed: UInt64(index)))
            }
            // No fall-back from a partial tile to its full one: that is the reader's rule.
            #expect(try await storage.readTile(TileRef(kind: .hashes(level: 0), index: 0, width: 5)) == nil)
            // Rewriting replaces whole.
            try await storage.writeTile(Self.partialHashes, [1, 2, 3])
            #expect(try await storage.readTile(Self.partialHashes) == [1, 2, 3])
        }
    }

    @Test(arguments: Subject.all)
    func partialWidthsAndDeletion(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            for width in [200, 3, 17] {
                try await storage.writeTile(TileRef(kind: .entries, index: 1, width: width), [UInt8(width)])
            }
            try await storage.writeTile(TileRef(kind: .hashes(level: 0), index: 1, width: 9), [9])
            try await storage.writeTile(TileRef(kind: .entries, index: 2, width: 4), [4])
            #expect(try await storage.partialWidths(.entries, index: 1) == [3, 17, 200])
            #expect(try await storage.partialWidths(.hashes(level: 0), index: 1) == [9])
            #expect(try await storage.partialWidths(.hashes(level: 1), index: 1) == [])
            try await storage.deleteTile(TileRef(kind: .entries, index: 1, width: 17))
            #expect(try await storage.partialWidths(.entries, index: 1) == [3, 200])
            #expect(try await storage.readTile(TileRef(kind: .entries, index: 1, width: 17)) == nil)
            // Deleting what is not there is no error.
            try await storage.deleteTile(TileRef(kind: .entries, index: 1, width: 17))
            try await storage.deleteTile(TileRef(kind: .entries, index: 7, width: 256))
            for width in [3, 200] { try await storage.deleteTile(TileRef(kind: .entries, index: 1, width: width)) }
            #expect(try await storage.partialWidths(.entries, index: 1) == [])
            #expect(try await storage.readTile(TileRef(kind: .entries, index: 2, width: 4)) == [4])
        }
    }

    @Test(arguments: Subject.all)
    func refusesTilesOutsideTheLayout(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            for tile in [TileRef(kind: .entries, index: 0, width: 0), TileRef(kind: .entries, index: 0, width: 257),
                         TileRef(kind: .hashes(level: 64), index: 0, width: 1), TileRef(kind: .hashes(level: -1), index: 0, width: 1)] {
                await #expect(throws: StorageError.self) { try await storage.writeTile(tile, [1]) }
                await #expect(throws: StorageError.self) { _ = try await storage.readTile(tile) }
                await #expect(throws: StorageError.self) { try await storage.deleteTile(tile) }
            }
            await #expect(throws: StorageError.self) { _ = try await storage.partialWidths(.hashes(level: 99), index: 0) }
        }
    }

    @Test(arguments: Subject.all)
    func publishComparesAndSwapsTheSize(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            #expect(try await storage.readCheckpoint() == nil)
            let first = StorageSamples.checkpoint(size: 1)
            try await storage.publishCheckpoint(first, size: 1, expectedPreviousSize: 0)
            #expect(try await storage.readCheckpoint() == first)
            let second = StorageSamples.checkpoint(size: 3)
            try await storage.publishCheckpoint(second, size: 3, expectedPreviousSize: 1)
            #expect(try await storage.readCheckpoint() == second)
            // A writer that started from size 1 (or from nothing) has lost.
            await #expect(throws: StorageError.checkpointConflict(expected: 1, found: 3)) {
                try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 2, tag: "late"), size: 2, expectedPreviousSize: 1)
            }
            await #expect(throws: StorageError.checkpointConflict(expected: 0, found: 3)) {
                try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 9, tag: "late"), size: 9, expectedPreviousSize: 0)
            }
            #expect(try await storage.readCheckpoint() == second)
        }
    }

    @Test(arguments: Subject.all)
    func refusesCheckpointsThatDoNotStateTheirSize(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let refusals: [([UInt8], UInt64, UInt64)] = [
                (StorageSamples.checkpoint(size: 4), 5, 0),   // states another size
                (Array("no size line".utf8), 1, 0),
                (Array("origin\n01\nroot\n".utf8), 1, 0),    // not the canonical decimal
                (StorageSamples.checkpoint(size: 2), 2, 2),   // does not extend the tree
                (StorageSamples.checkpoint(size: 1), 1, 2),
            ]
            for (bytes, size, expected) in refusals {
                await #expect(throws: StorageError.self) {
                    try await storage.publishCheckpoint(bytes, size: size, expectedPreviousSize: expected)
                }
            }
            #expect(try await storage.readCheckpoint() == nil)
        }
    }

    /// Writers racing from the same size: exactly one wins, the others get the conflict, and
    /// the published checkpoint is the winner's.
    @Test(arguments: Subject.all)
    func lostCompareAndSwapRace(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 10), size: 10, expectedPreviousSize: 0)
            let outcomes = await withTaskGroup(of: (Int, Result<Void, Error>).self) { group in
                for writer in 0..<12 {
                    group.addTask {
                        let size = UInt64(11 + writer)
                        do {
                            try await storage.publishCheckpoint(StorageSamples.checkpoint(size: size, tag: "w\(writer)"),
                                                                size: size, expectedPreviousSize: 10)
                            return (writer, .success(()))
                        } catch {
                            return (writer, .failure(error))
                        }
                    }
                }
                return await group.reduce(into: [(Int, Result<Void, Error>)]()) { $0.append($1) }
            }
            let winners = outcomes.filter { if case .success = $0.1 { true } else { false } }.map(\.0)
            try #require(winners.count == 1)
            let winner = winners[0]
            let winnerSize = UInt64(11 + winner)
            for (writer, result) in outcomes where writer != winner {
                guard case .failure(let error) = result else { continue }
                #expect(error as? StorageError == .checkpointConflict(expected: 10, found: winnerSize))
            }
            #expect(try await storage.readCheckpoint() == StorageSamples.checkpoint(size: winnerSize, tag: "w\(winner)"))
        }
    }

    @Test(arguments: Subject.all)
    func lostCompareAndSwapInjected(_ subject: Subject) async throws {
        try await with(subject) { inner async throws in
            try await inner.publishCheckpoint(StorageSamples.checkpoint(size: 4), size: 4, expectedPreviousSize: 0)
            let rival = StorageSamples.checkpoint(size: 6, tag: "rival")
            let storage = FaultyLedgerStorage(inner, faults: [.rivalPublishesFirst(signed: rival, size: 6)])
            await #expect(throws: StorageError.checkpointConflict(expected: 4, found: 6)) {
                try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 5, tag: "mine"), size: 5, expectedPreviousSize: 4)
            }
            #expect(try await storage.readCheckpoint() == rival)
            // The loser starts again from the winner's tree.
            let retry = StorageSamples.checkpoint(size: 7, tag: "mine")
            try await storage.publishCheckpoint(retry, size: 7, expectedPreviousSize: 6)
            #expect(try await inner.readCheckpoint() == retry)
        }
    }

    /// A batch whose tile writes die midway publishes nothing: the checkpoint stays.
    @Test(arguments: Subject.all)
    func batchThatDiesMidwayPublishesNothing(_ subject: Subject) async throws {
        try await with(subject) { inner async throws in
            let before = StorageSamples.checkpoint(size: 2)
            try await inner.publishCheckpoint(before, size: 2, expectedPreviousSize: 0)
            let storage = FaultyLedgerStorage(inner, faults: [.writeTile(after: 1)])
            let batch = [TileRef(kind: .entries, index: 0, width: 5), TileRef(kind: .hashes(level: 0), index: 0, width: 5)]
            await #expect(throws: InjectedFault(operation: "write tile")) {
                for tile in batch { try await storage.writeTile(tile, [UInt8](repeating: 1, count: 5)) }
                try await storage.sync()
                try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 5), size: 5, expectedPreviousSize: 2)
            }
            #expect(try await storage.readCheckpoint() == before)
            #expect(try await storage.readTile(batch[1]) == nil)
            // The next writer rewrites the tail and publishes.
            for tile in batch { try await storage.writeTile(tile, [UInt8](repeating: 2, count: 5)) }
            try await storage.sync()
            try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 5), size: 5, expectedPreviousSize: 2)
            #expect(try await storage.readTile(batch[0]) == [UInt8](repeating: 2, count: 5))
        }
    }

    @Test(arguments: Subject.all)
    func archivedCheckpoints(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            #expect(try await storage.archivedCheckpointSizes() == [])
            #expect(try await storage.readArchivedCheckpoint(size: 2) == nil)
            for size: UInt64 in [100, 2, 10] {
                try await storage.archiveCheckpoint(StorageSamples.checkpoint(size: size), size: size)
            }
            #expect(try await storage.archivedCheckpointSizes() == [2, 10, 100])
            #expect(try await storage.readArchivedCheckpoint(size: 10) == StorageSamples.checkpoint(size: 10))
            try await storage.archiveCheckpoint(StorageSamples.checkpoint(size: 10, tag: "again"), size: 10)
            #expect(try await storage.readArchivedCheckpoint(size: 10) == StorageSamples.checkpoint(size: 10, tag: "again"))
        }
    }

    @Test(arguments: Subject.all)
    func durabilityIsAskedOfTheStore(_ subject: Subject) async throws {
        try await with(subject) { inner async throws in
            let storage = FaultyLedgerStorage(inner, faults: [.sync])
            try await storage.writeTile(Self.partialBundle, [1])
            await #expect(throws: InjectedFault(operation: "sync")) { try await storage.sync() }
            try await storage.sync()
            try await storage.sync()
            #expect(storage.syncCount == 2)
            if let memory = inner as? InMemoryLedgerStorage { #expect(memory.syncCount == 2) }
        }
    }
}
