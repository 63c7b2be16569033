import EvidenceStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One upload's bytes on disk and the SHA-256 of those written so far, kept in memory across
/// appends so that finishing need not read the file again. Not thread-safe: an `Upload` keeps
/// it behind a lock and lets one append (or the finish) use it at a time, on a blocking thread.
///
/// The upload's offset (what was made durable) is kept by the `Upload`; this file may hold
/// more when an append failed after writing. `prepare` cuts such bytes off and, if the running
/// hash took them in, hashes the file again up to the offset: so a failed append costs one
/// re-read, and never a wrong hash.
final class SpoolFile {
    let path: String
    private var descriptor: Int32 = -1
    /// Over the first `written` bytes; nil once spent or not to be trusted.
    private var hasher: SHA256?
    /// Bytes written (and hashed) so far, synced or not.
    private var written: Int64 = 0

    init(path: String) {
        self.path = path
    }

    deinit { close() }

    /// Creates the empty file, readable and writable by this user only; the name is the
    /// service's own (random), so an existing file there is an error, never reused.
    static func create(_ path: String) throws {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", errno) }
        Glibc.close(fd)
    }

    /// Ready to write at `offset`: open, no byte beyond it, and the running hash over exactly
    /// the bytes before it.
    func prepare(offset: Int64) throws {
        if descriptor < 0 {
            let fd = Glibc.open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw Self.failure("open", errno) }
            descriptor = fd
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("inspect", errno) }
        guard Int64(info.st_size) >= offset else {
            throw ServiceError(.storage, "The upload's stored bytes are shorter than its offset; start the upload again.")
        }
        if Int64(info.st_size) > offset {
            guard ftruncate(descriptor, off_t(offset)) == 0 else { throw Self.failure("truncate", errno) }
        }
        if hasher == nil || written != offset { try rehash(upTo: offset) }
    }

    /// Writes `bytes` after those written so far and hashes them.
    func write(_ bytes: [UInt8]) throws {
        guard let hasher, descriptor >= 0 else {
            throw ServiceError(.storage, "An upload was written to before it was prepared.")
        }
        do {
            try bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var done = 0
                while done < buffer.count {
                    let count = pwrite(descriptor, base + done, buffer.count - done, off_t(written) + off_t(done))
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw Self.failure("write", errno)
                    }
                    done += count
                }
            }
            try hasher.update(bytes)
            written += Int64(bytes.count)
        } catch {
            // What reached the file is unknown: the next append starts from the offset again.
            self.hasher = nil
            throw error
        }
    }

    /// Makes what was written durable, and says how much that is (the new offset).
    func sync() throws -> Int64 {
        guard descriptor >= 0 else { return written }
        guard fsync(descriptor) == 0 else {
            let code = errno
            hasher = nil
            throw Self.failure("sync", code)
        }
        return written
    }

    /// The SHA-256 of the first `offset` bytes (the whole upload); the hash is spent after.
    func digest(offset: Int64) throws -> [UInt8] {
        try prepare(offset: offset)
        defer { hasher = nil }
        guard let hasher else { throw ServiceError(.storage, "An upload's hash was lost.") }
        return try hasher.finalize()
    }

    /// Lets go of the descriptor between appends (an idle upload holds none).
    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Hashes the file again from its start, after an append that failed part way.
    private func rehash(upTo offset: Int64) throws {
        let fresh = try SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var position: Int64 = 0
        while position < offset {
            let want = Int(min(Int64(buffer.count), offset - position))
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, want, off_t(position)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("read", errno)
            }
            guard count > 0 else {
                throw ServiceError(.storage, "The upload's stored bytes ended early; start the upload again.")
            }
            try fresh.update(buffer[0..<count])
            position += Int64(count)
        }
        hasher = fresh
        written = offset
    }

    /// The sentence for a failed system call; the spool's path is the service's business,
    /// not the client's, so it is not named.
    static func failure(_ verb: String, _ code: Int32) -> ServiceError {
        if code == ENOSPC || code == EDQUOT {
            return ServiceError(.storage, "The disk holding uploads is full; nothing more of the upload was stored.")
        }
        return ServiceError(.storage, "Could not \(verb) the upload's stored bytes: \(String(cString: strerror(code))).")
    }
}
