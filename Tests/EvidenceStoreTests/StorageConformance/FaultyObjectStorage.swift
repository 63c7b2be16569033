import Synchronization
@testable import EvidenceStore

/// Wraps any object storage and fails where a script says, once per scripted fault: the
/// conformance suite's way to kill a put midway or make a delete fail against every
/// implementation alike. It also counts the calls that make things durable.
final class FaultyObjectStorage: ObjectStorage {
    enum Fault: Equatable, Sendable {
        /// An upload stores the first `bytes` bytes it is given, then dies.
        case appendDies(afterBytes: Int)
        /// The next commit dies before it reaches the store.
        case commit
        case delete
        case sync
    }

    let inner: any ObjectStorage
    private let script: Mutex<[Fault]>
    private let syncs = Mutex(0)

    init(_ inner: any ObjectStorage, faults: [Fault] = []) {
        self.inner = inner
        script = Mutex(faults)
    }

    func arm(_ fault: Fault) { script.withLock { $0.append(fault) } }

    /// Calls of `sync()` that reached the wrapped store.
    var syncCount: Int { syncs.withLock { $0 } }

    /// Takes the first scripted fault `matching`, if any.
    func take(_ matching: (Fault) -> Bool) -> Fault? {
        script.withLock { script in
            guard let index = script.firstIndex(where: matching) else { return nil }
            return script.remove(at: index)
        }
    }

    func beginUpload(in folder: String) async throws -> any ObjectUpload {
        FaultyObjectUpload(inner: try await inner.beginUpload(in: folder), storage: self)
    }

    func get(_ key: ObjectKey, range: Range<UInt64>?) async throws -> [UInt8] { try await inner.get(key, range: range) }

    func stat(_ key: ObjectKey) async throws -> ObjectInfo? { try await inner.stat(key) }

    func delete(_ key: ObjectKey) async throws {
        if take({ $0 == .delete }) != nil { throw InjectedFault(operation: "delete") }
        try await inner.delete(key)
    }

    func list(prefix: String, after: ObjectKey?, limit: Int) async throws -> [ObjectKey] {
        try await inner.list(prefix: prefix, after: after, limit: limit)
    }

    func sync() async throws {
        if take({ $0 == .sync }) != nil { throw InjectedFault(operation: "sync") }
        try await inner.sync()
        syncs.withLock { $0 += 1 }
    }
}

/// An upload through `FaultyObjectStorage`.
final class FaultyObjectUpload: ObjectUpload {
    let inner: any ObjectUpload
    let storage: FaultyObjectStorage
    /// Bytes passed on so far, and the limit past which this upload dies (nil: none).
    private let progress = Mutex<(passed: Int, limit: Int?)>((0, nil))

    init(inner: any ObjectUpload, storage: FaultyObjectStorage) {
        self.inner = inner
        self.storage = storage
        if case .appendDies(let bytes)? = storage.take({ if case .appendDies = $0 { true } else { false } }) {
            progress.withLock { $0.limit = bytes }
        }
    }

    func append(_ bytes: [UInt8]) async throws {
        let allowed = progress.withLock { progress -> Int in
            let room = progress.limit.map { max(0, $0 - progress.passed) } ?? bytes.count
            let allowed = min(room, bytes.count)
            progress.passed += allowed
            return allowed
        }
        if allowed > 0 { try await inner.append(Array(bytes[0..<allowed])) }
        if allowed < bytes.count { throw InjectedFault(operation: "append") }
    }

    func commit(as key: ObjectKey) async throws -> ObjectInfo {
        if storage.take({ $0 == .commit }) != nil { throw InjectedFault(operation: "commit") }
        return try await inner.commit(as: key)
    }

    func abort() async { await inner.abort() }
}
