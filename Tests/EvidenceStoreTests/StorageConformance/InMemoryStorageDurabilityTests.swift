import Testing
@testable import EvidenceStore

/// The in-memory stores model durability: what `sync()` (or a publication) has not made
/// durable is gone after a simulated crash, so tests of their callers can check the order
/// in which they ask for it.
@Suite struct InMemoryStorageDurabilityTests {
    @Test func objectCommitsAndDeletesNeedSync() async throws {
        let storage = InMemoryObjectStorage()
        let kept = try ObjectKey("c/kept")
        let lost = try ObjectKey("c/lost")
        try await storage.put([1], as: kept)
        try await storage.sync()
        try await storage.put([2], as: lost)
        try await storage.delete(kept)
        storage.simulateCrash()
        #expect(try await storage.get(kept) == [1])
        #expect(try await storage.stat(lost) == nil)
        #expect(storage.syncCount == 1)
    }

    @Test func publicationIsDurableAtOnceButTilesNeedSync() async throws {
        let storage = InMemoryLedgerStorage()
        let synced = TileRef(kind: .entries, index: 0, width: 1)
        let unsynced = TileRef(kind: .entries, index: 0, width: 2)
        try await storage.writeTile(synced, [1])
        try await storage.sync()
        try await storage.writeTile(unsynced, [2])
        try await storage.archiveCheckpoint(StorageSamples.checkpoint(size: 2), size: 2)
        try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 2), size: 2, expectedPreviousSize: 0)
        storage.simulateCrash()
        #expect(try await storage.readTile(synced) == [1])
        // Published before its tiles were durable: the crash shows why writers sync first.
        #expect(try await storage.readTile(unsynced) == nil)
        #expect(try await storage.readArchivedCheckpoint(size: 2) == nil)
        #expect(try await storage.readCheckpoint() == StorageSamples.checkpoint(size: 2))
        #expect(storage.publicationCount == 1)
    }
}
