import Synchronization

/// An upload to an `InMemoryObjectStorage`: bytes gathered aside, installed by `commit`.
final class InMemoryObjectUpload: ObjectUpload {
    private let storage: InMemoryObjectStorage
    /// The bytes so far; nil once committed or aborted.
    private let buffer = Mutex<[UInt8]?>([])

    init(storage: InMemoryObjectStorage) { self.storage = storage }

    func append(_ bytes: [UInt8]) async throws {
        try buffer.withLock { buffer in
            guard buffer != nil else { throw StorageError.uploadFinished }
            buffer?.append(contentsOf: bytes)
        }
    }

    func commit(as key: ObjectKey) async throws -> ObjectInfo {
        let bytes = try buffer.withLock { buffer in
            guard let bytes = buffer else { throw StorageError.uploadFinished }
            buffer = nil
            return bytes
        }
        storage.install(bytes, as: key)
        return ObjectInfo(size: UInt64(bytes.count))
    }

    func abort() async {
        buffer.withLock { $0 = nil }
    }
}
