import CSystemCalls
import Foundation
import PipelineQueue
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one new object file, hashed and written out by two threads of their own
/// behind the thread that seals them.
///
/// The sealing thread fills segments of `segmentSize` bytes back to back (`append`,
/// `fill`) and goes on sealing while each full segment is hashed (the ledger records the
/// file's SHA-256) and, at the same time, written at its offset. Every whole segment starts
/// at a multiple of the segment size, so it can be written with O_DIRECT where the file
/// system allows: on our virtual machines a write through the page cache costs about two
/// CPU seconds per GiB (the kernel faults in and copies every page), a direct write a tenth
/// of that (`dd` of 4 GiB: 7.8-8.7 s of system time against 0.74 s with `oflag=direct`), and
/// exhibits written once do not crowd the cache. The last, partial segment
/// goes through the page cache, as does everything where O_DIRECT is refused.
///
/// Nothing here is synced: as before, the batch's `syncfs` makes the object durable (and
/// flushes the device's write cache) before any checkpoint names it.
final class ObjectFileOutput: @unchecked Sendable {
    /// A multiple of any block size O_DIRECT asks for.
    static let segmentSize = 1 << 20
    /// One being filled, one queued, one being hashed and written.
    static let segmentCount = 3

    /// What the writing thread did, read once it has finished.
    private final class Tally: @unchecked Sendable {
        var directBytes: UInt64 = 0
    }

    /// A full segment, shared by the hashing and the writing thread; the second to be done
    /// with it gives its buffer back.
    private final class Segment: @unchecked Sendable {
        let buffer: ChunkBuffer
        let count: Int
        let offset: UInt64
        private let lock = NSLock()
        private var users = 2

        init(buffer: ChunkBuffer, count: Int, offset: UInt64) {
            self.buffer = buffer
            self.count = count
            self.offset = offset
        }

        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count]) }

        func release(to pool: BufferPool) {
            lock.lock()
            users -= 1
            let last = users == 0
            lock.unlock()
            if last { pool.give(buffer) }
        }
    }

    private let path: String
    /// The SHA-256 of the file's bytes, complete once `finish()` returned.
    let hash: SHA256
    private let pool: BufferPool
    private let toHash: BlockingQueue<Segment>
    private let toWrite: BlockingQueue<Segment>
    private let hasher: BackgroundWork
    private let writer: BackgroundWork
    private var outcome: Result<Void, Error>?
    private let tally = Tally()
    private var current: ChunkBuffer?
    private var filled = 0
    /// Bytes handed over so far: the file offset of the segment being filled.
    private var handedOver: UInt64 = 0

    /// The bytes written with O_DIRECT (after `finish()`).
    var directBytes: UInt64 { tally.directBytes }

    /// Every byte appended so far.
    var count: UInt64 { handedOver + UInt64(filled) }

    /// `fd` is the new, empty file open for writing; `direct` asks for O_DIRECT writes of
    /// whole segments (ignored where the file system refuses them).
    init(fd: Int32, path: String, hash: SHA256, direct: Bool) {
        self.path = path
        self.hash = hash
        let pool = BufferPool(count: Self.segmentCount, size: Self.segmentSize)
        let toHash = BlockingQueue<Segment>(capacity: 1)
        let toWrite = BlockingQueue<Segment>(capacity: 1)
        self.pool = pool
        self.toHash = toHash
        self.toWrite = toWrite
        // Either thread's failure wakes the sealing thread (waiting for a free segment or a
        // slot) and the other thread.
        let stopAll: @Sendable () -> Void = {
            toHash.close()
            toWrite.close()
            pool.close()
        }
        // Only the hashing thread touches the hash until `join()` has waited for it.
        nonisolated(unsafe) let fileHash = hash
        hasher = BackgroundWork {
            do {
                while let segment = toHash.take() {
                    try fileHash.update(segment.bytes)
                    segment.release(to: pool)
                }
            } catch {
                stopAll()
                throw error
            }
        }
        let useDirect = direct && Self.setDirect(fd, true)
        let tally = tally
        writer = BackgroundWork {
            var direct = useDirect
            do {
                while let segment = toWrite.take() {
                    let wentDirect = try Self.write(fd, segment.bytes, at: segment.offset, direct: &direct, path: path)
                    tally.directBytes += UInt64(wentDirect)
                    segment.release(to: pool)
                }
            } catch {
                stopAll()
                throw error
            }
        }
    }

    /// Appends a copy of `bytes`.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard let source = bytes.baseAddress else { return }
        try fill(count: bytes.count) { done, space in
            space.copyMemory(from: UnsafeRawBufferPointer(start: source + done, count: space.count))
        }
    }

    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Appends `count` bytes that `produce` writes in place, piece by piece: it gets how
    /// many of them are already written and the space for the next ones (never empty).
    func fill(count: Int, _ produce: (_ done: Int, _ space: UnsafeMutableRawBufferPointer) throws -> Void) throws {
        var done = 0
        while done < count {
            let buffer = try currentSegment()
            let piece = min(count - done, Self.segmentSize - filled)
            try produce(done, UnsafeMutableRawBufferPointer(rebasing: buffer.bytes[filled..<(filled + piece)]))
            filled += piece
            done += piece
            if filled == Self.segmentSize { try handOver() }
        }
    }

    /// Hands over what is left, waits until every byte is hashed and written, and returns
    /// the file's length. On failure the caller still calls `abandon()`.
    func finish() throws -> UInt64 {
        if filled > 0 { try handOver() }
        toHash.close()
        toWrite.close()
        try join().get()
        pool.drain()
        return handedOver
    }

    /// Stops both threads after a failure elsewhere (idempotent; the caller removes the file).
    func abandon() {
        toHash.close()
        toWrite.close()
        pool.close()
        _ = join()
        pool.drain()
        if let buffer = current {
            BufferCache.shared.give(buffer)
            current = nil
        }
    }

    private func currentSegment() throws -> ChunkBuffer {
        if let current { return current }
        guard let buffer = pool.take() else { throw writerFailure() }
        current = buffer
        return buffer
    }

    private func handOver() throws {
        guard let buffer = current else { return }
        let segment = Segment(buffer: buffer, count: filled, offset: handedOver)
        guard toHash.put(segment), toWrite.put(segment) else { throw writerFailure() }
        current = nil
        handedOver += UInt64(filled)
        filled = 0
    }

    /// The error that stopped the hashing or the writing thread.
    private func writerFailure() -> Error {
        toHash.close()
        toWrite.close()
        if case .failure(let error) = join() { return error }
        return EvidenceError(.io, "Could not write \(path): the writing thread stopped.")
    }

    /// Waits for both threads (once); a write failure is reported before a hashing one.
    private func join() -> Result<Void, Error> {
        if let outcome { return outcome }
        let written = Result { try writer.wait() }
        let hashed = Result { try hasher.wait() }
        let both: Result<Void, Error>
        if case .failure = written { both = written } else { both = hashed }
        outcome = both
        return both
    }

    /// Turns O_DIRECT on or off for `fd`; false where the file system refuses it.
    private static func setDirect(_ fd: Int32, _ on: Bool) -> Bool {
        let flag = evidence_o_direct()
        guard flag != 0 else { return false }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(fd, F_SETFL, on ? (flags | flag) : (flags & ~flag)) == 0
    }

    /// Writes all of `bytes` at `offset`; returns how many went direct. Once a write cannot go
    /// direct (an unaligned rest, as of the last, partial segment; or the kernel refuses with
    /// EINVAL) it and every later one go through the page cache.
    private static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                              direct: inout Bool, path: String) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var directBytes = 0
        try FaultInjection.checkWrite(bytes: bytes.count)
        var done = 0
        while done < bytes.count {
            if direct && ((bytes.count - done) % SourceFile.alignment != 0
                          || (offset + UInt64(done)) % UInt64(SourceFile.alignment) != 0) {
                direct = false
                _ = setDirect(fd, false)
            }
            let written = pwrite(fd, base + done, bytes.count - done, off_t(offset) + off_t(done))
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EINVAL && direct {
                    direct = false
                    _ = setDirect(fd, false)
                    continue
                }
                throw FileSystem.ioError(code, "write", path)
            }
            if written == 0 { throw FileSystem.ioError(EIO, "write", path) }
            if direct { directBytes += written }
            done += written
        }
        return directBytes
    }
}
