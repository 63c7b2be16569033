import Synchronization

/// Objects held in memory, for tests and for services that need no files: thread-safe, and
/// faithful to the durability promises, so tests can check them. Commits and deletes that
/// `sync()` has not yet made durable are undone by `simulateCrash()`.
public final class InMemoryObjectStorage: ObjectStorage {
    struct State: Sendable {
        /// What readers see.
        var live: [ObjectKey: [UInt8]] = [:]
        /// What would survive a crash now.
        var durable: [ObjectKey: [UInt8]] = [:]
        var syncs = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// How many times `sync()` was called.
    public var syncCount: Int { state.withLock { $0.syncs } }

    /// Forgets every commit and delete not yet durable, as a power loss would.
    public func simulateCrash() {
        state.withLock { $0.live = $0.durable }
    }

    public func beginUpload(in folder: String) async throws -> any ObjectUpload {
        try ObjectKey.validatePrefix(folder)
        return InMemoryObjectUpload(storage: self)
    }

    /// The commit of an upload: replaces the object whole.
    func install(_ bytes: [UInt8], as key: ObjectKey) {
        state.withLock { $0.live[key] = bytes }
    }

    public func get(_ key: ObjectKey, range: Range<UInt64>?) async throws -> [UInt8] {
        guard let bytes = state.withLock({ $0.live[key] }) else { throw StorageError.notFound(key.string) }
        let size = UInt64(bytes.count)
        let wanted = range ?? 0..<size
        guard wanted.upperBound <= size else {
            throw StorageError.invalidRange(key: key.string, requested: wanted, size: size)
        }
        return Array(bytes[Int(wanted.lowerBound)..<Int(wanted.upperBound)])
    }

    public func stat(_ key: ObjectKey) async throws -> ObjectInfo? {
        state.withLock { $0.live[key] }.map { ObjectInfo(size: UInt64($0.count)) }
    }

    public func delete(_ key: ObjectKey) async throws {
        _ = state.withLock { $0.live.removeValue(forKey: key) }
    }

    public func list(prefix: String, after: ObjectKey?, limit: Int) async throws -> [ObjectKey] {
        try ObjectKey.validatePrefix(prefix)
        guard limit > 0 else { return [] }
        let keys = state.withLock { state in state.live.keys.filter { $0.string.hasPrefix(prefix) } }
        return Array(keys.sorted().lazy.filter { key in after.map { $0 < key } ?? true }.prefix(limit))
    }

    public func sync() async throws {
        state.withLock { state in
            state.durable = state.live
            state.syncs += 1
        }
    }
}
