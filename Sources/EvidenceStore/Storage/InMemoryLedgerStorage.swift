import Synchronization

/// A ledger held in memory, for tests and for services that need no files: thread-safe, and
/// faithful to the durability promises, so tests can check them. What `sync()` has not yet
/// made durable is lost by `simulateCrash()`; a publication is durable at once.
public final class InMemoryLedgerStorage: LedgerStorage {
    struct Contents: Sendable {
        var tiles: [String: [UInt8]] = [:]
        var archive: [UInt64: [UInt8]] = [:]
        var checkpoint: [UInt8]?
    }

    struct State: Sendable {
        /// What readers see.
        var live = Contents()
        /// What would survive a crash now.
        var durable = Contents()
        var syncs = 0
        var publications = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// How many times `sync()` was called.
    public var syncCount: Int { state.withLock { $0.syncs } }

    /// How many checkpoints were published.
    public var publicationCount: Int { state.withLock { $0.publications } }

    /// Forgets everything not yet durable, as a power loss would.
    public func simulateCrash() {
        state.withLock { $0.live = $0.durable }
    }

    public func readTile(_ tile: TileRef) async throws -> [UInt8]? {
        let path = try tile.checkedPath()
        return state.withLock { $0.live.tiles[path] }
    }

    public func writeTile(_ tile: TileRef, _ bytes: [UInt8]) async throws {
        let path = try tile.checkedPath()
        state.withLock { $0.live.tiles[path] = bytes }
    }

    public func deleteTile(_ tile: TileRef) async throws {
        let path = try tile.checkedPath()
        _ = state.withLock { $0.live.tiles.removeValue(forKey: path) }
    }

    public func partialWidths(_ kind: TileRef.Kind, index: UInt64) async throws -> [Int] {
        let folder = try TileRef.partialFolder(kind, index: index) + "/"
        return state.withLock { state in
            state.live.tiles.keys.compactMap { path in
                guard path.hasPrefix(folder) else { return nil }
                return Int(path.dropFirst(folder.count))
            }
        }.sorted()
    }

    public func readCheckpoint() async throws -> [UInt8]? {
        state.withLock { $0.live.checkpoint }
    }

    /// The check and the swap happen under one lock, so they are one step.
    public func publishCheckpoint(_ signed: [UInt8], size: UInt64, expectedPreviousSize: UInt64) async throws {
        try CheckpointSizeLine.check(signed, size: size, expectedPreviousSize: expectedPreviousSize)
        try state.withLock { state in
            let found = CheckpointSizeLine.publishedSize(state.live.checkpoint)
            guard found == expectedPreviousSize else {
                throw StorageError.checkpointConflict(expected: expectedPreviousSize, found: found)
            }
            state.live.checkpoint = signed
            state.durable.checkpoint = signed
            state.publications += 1
        }
    }

    public func readArchivedCheckpoint(size: UInt64) async throws -> [UInt8]? {
        state.withLock { $0.live.archive[size] }
    }

    public func archiveCheckpoint(_ signed: [UInt8], size: UInt64) async throws {
        state.withLock { $0.live.archive[size] = signed }
    }

    public func archivedCheckpointSizes() async throws -> [UInt64] {
        state.withLock { $0.live.archive.keys.sorted() }
    }

    public func sync() async throws {
        state.withLock { state in
            state.durable = state.live
            state.syncs += 1
        }
    }
}
