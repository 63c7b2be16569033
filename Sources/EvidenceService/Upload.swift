import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One upload under way: who started it, what it is to become, and how far it has got.
/// Its spool file is used by one append or finish at a time (`claim`); a second one meanwhile
/// is refused rather than made to wait, as a resumable upload's client expects.
final class Upload: Sendable {
    let id: String
    /// Only this user may see or touch the upload; to anyone else it does not exist.
    let ownerID: String
    let request: UploadRequest
    /// The spool file's path: the service's own random name, never the client's.
    let path: String

    private struct State {
        /// Bytes received and made durable.
        var offset: Int64 = 0
        var expiresAt: Date
        /// An append or the finish holds the spool file.
        var claimed = false
        /// Finished, aborted or expired: gone for every caller.
        var closed = false
    }

    private let state: Mutex<State>
    /// Used only by the holder of the claim, on a blocking thread.
    private let file: Mutex<SpoolFile>

    init(id: String, ownerID: String, request: UploadRequest, path: String, expiresAt: Date) {
        self.id = id
        self.ownerID = ownerID
        self.request = request
        self.path = path
        state = Mutex(State(expiresAt: expiresAt))
        file = Mutex(SpoolFile(path: path))
    }

    static let notFound = ServiceError(.notFound, "No such upload exists, or it has expired.", field: "upload")

    func status(now: Date) throws -> UploadStatus {
        try state.withLock { state in
            guard !state.closed, state.expiresAt > now else { throw Self.notFound }
            return UploadStatus(id: id, offset: state.offset, declaredSize: request.declaredSize, expiresAt: state.expiresAt)
        }
    }

    /// Takes the spool file for one append at `offset`, which must be the upload's offset.
    func claim(offset: Int64, now: Date) throws {
        try state.withLock { state in
            guard !state.closed, state.expiresAt > now else { throw Self.notFound }
            guard !state.claimed else {
                throw ServiceError(.conflict, "Another request is writing to this upload; try again once it has ended.",
                                   field: "offset")
            }
            guard offset == state.offset else {
                throw ServiceError(.conflict, "The upload's offset is \(state.offset), not \(offset): resume from there.",
                                   field: "offset")
            }
            state.claimed = true
        }
    }

    /// Takes the upload for good (aborting it): nobody may use it after.
    func close(now: Date) throws -> Int64 {
        try state.withLock { state in
            guard !state.closed, state.expiresAt > now else { throw Self.notFound }
            guard !state.claimed else {
                throw ServiceError(.conflict, "A request is writing to this upload; try again once it has ended.",
                                   field: "upload")
            }
            state.closed = true
            return state.offset
        }
    }

    /// Takes the spool file for the finish, which must find the upload whole (its declared
    /// size, when it declared one); returns its size. The upload stays open meanwhile: the
    /// finish either ends it (`close(finishedBy:)`) or, when the add can be tried again with
    /// the same bytes, gives it back (`release`).
    func claimForFinish(now: Date) throws -> Int64 {
        try state.withLock { state in
            guard !state.closed, state.expiresAt > now else { throw Self.notFound }
            guard !state.claimed else {
                throw ServiceError(.conflict, "A request is writing to this upload; try again once it has ended.",
                                   field: "upload")
            }
            if let declared = request.declaredSize, state.offset != declared {
                throw ServiceError(.conflict, "The upload holds \(state.offset) of its \(declared) bytes; send the rest first.",
                                   field: "offset")
            }
            state.claimed = true
            return state.offset
        }
    }

    /// Ends the upload its finish claimed: nobody may use it after.
    func closeAfterFinish() {
        state.withLock { state in
            state.claimed = false
            state.closed = true
        }
    }

    /// Closes the upload if it expired and nobody is writing to it; true if it did.
    func expire(now: Date) -> Bool {
        state.withLock { state in
            guard !state.closed, !state.claimed, state.expiresAt <= now else { return false }
            state.closed = true
            return true
        }
    }

    /// Records bytes made durable during an append (a long one reports its progress).
    func advance(to offset: Int64) {
        state.withLock { $0.offset = offset }
    }

    /// Ends an append: the offset made durable, and the upload's life extended from now.
    func release(offset: Int64, expiresAt: Date) {
        file.withLock { $0.close() }
        state.withLock { state in
            state.offset = offset
            state.expiresAt = expiresAt
            state.claimed = false
        }
    }

    // MARK: The spool file, for the holder of the claim (blocking)

    func prepare(offset: Int64) throws { try file.withLock { try $0.prepare(offset: offset) } }
    func write(_ bytes: [UInt8]) throws { try file.withLock { try $0.write(bytes) } }
    func sync() throws -> Int64 { try file.withLock { try $0.sync() } }

    /// The whole upload's SHA-256, once closed.
    func digest(offset: Int64) throws -> [UInt8] {
        try file.withLock { file in
            defer { file.close() }
            return try file.digest(offset: offset)
        }
    }

    /// Deletes the spool file (finished, aborted or expired); a file already gone is fine.
    func removeFile() {
        file.withLock { $0.close() }
        _ = unlink(path)
    }
}
