import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An upload to a `PosixObjectStorage`: a `.tmp-` file, renamed to its key by `commit`.
/// Dropped without a commit, it removes its file as `abort()` does.
final class PosixObjectUpload: ObjectUpload {
    private enum State {
        case open(fd: Int32, count: UInt64)
        case finished
    }

    private let storage: PosixObjectStorage
    private let temporaryPath: String
    private let state: Mutex<State>

    init(storage: PosixObjectStorage, fd: Int32, temporaryPath: String) {
        self.storage = storage
        self.temporaryPath = temporaryPath
        state = Mutex(.open(fd: fd, count: 0))
    }

    func append(_ bytes: [UInt8]) async throws {
        try state.withLock { state in
            guard case .open(let fd, let count) = state else { throw StorageError.uploadFinished }
            try FileSystem.writeAll(fd, bytes, path: temporaryPath)
            state = .open(fd: fd, count: count + UInt64(bytes.count))
        }
    }

    func commit(as key: ObjectKey) async throws -> ObjectInfo {
        try state.withLock { state in
            guard case .open(let fd, let count) = state else { throw StorageError.uploadFinished }
            state = .finished
            close(fd)
            do {
                let target = storage.path(key)
                try FileSystem.createDirectories((target as NSString).deletingLastPathComponent, durable: false)
                if rename(temporaryPath, target) != 0 { throw FileSystem.ioError(errno, "store", target) }
            } catch {
                unlink(temporaryPath)
                throw error
            }
            return ObjectInfo(size: count)
        }
    }

    func abort() async { discard() }

    private func discard() {
        state.withLock { state in
            guard case .open(let fd, _) = state else { return }
            state = .finished
            close(fd)
            unlink(temporaryPath)
        }
    }

    deinit { discard() }
}
