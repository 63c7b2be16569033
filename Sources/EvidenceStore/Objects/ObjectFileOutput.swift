import CSystemCalls
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one new object file, written out by a thread of its own behind the thread
/// that seals them.
///
/// The sealing thread fills segments of `segmentSize` bytes back to back (`append`,
/// `fill`), hashes each one as it hands it over (the ledger records the file's SHA-256),
/// and goes on sealing while the writing thread writes it at its offset. Every whole
/// segment starts at a multiple of the segment size, so it can be written with O_DIRECT
/// where the file system allows: on our virtual machines a write through the page cache
/// costs about two CPU seconds per GiB (the kernel faults in and copies every page), a
/// direct write a fifth of that, and exhibits written once do not crowd the cache. The
/// last, partial segment goes through the page cache, as does everything where O_DIRECT is
/// refused.
///
/// Nothing here is synced: as before, the batch's `syncfs` makes the object durable (and
/// flushes the device's write cache) before any checkpoint names it.
final class ObjectFileOutput: @unchecked Sendable {
    /// A multiple of any block size O_DIRECT asks for.
    static let segmentSize = 1 << 20
    /// One segment being filled, one queued, one being written.
    static let segmentCount = 3

    /// What the writing thread did, read once it has finished.
    private final class Tally: @unchecked Sendable {
        var directBytes: UInt64 = 0
    }

    private struct Segment {
        let buffer: ChunkBuffer
        let count: Int
        let offset: UInt64
    }

    private let path: String
    let hash: SHA256
    private let pool: BufferPool
    private let queue: BlockingQueue<Segment>
    private let writer: BackgroundWork
    private var writerOutcome: Result<Void, Error>?
    private let tally = Tally()
    private var current: ChunkBuffer?
    private var filled = 0
    /// Bytes handed to the writer so far: the file offset of the segment being filled.
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
        let queue = BlockingQueue<Segment>(capacity: 1)
        self.pool = pool
        self.queue = queue
        let useDirect = direct && Self.setDirect(fd, true)
        let tally = tally
        writer = BackgroundWork {
            var direct = useDirect
            do {
                while let segment = queue.take() {
                    let bytes = UnsafeRawBufferPointer(rebasing: segment.buffer.bytes[0..<segment.count])
                    // A partial segment cannot go direct; it is the last one.
                    if direct && segment.count != Self.segmentSize {
                        direct = false
                        _ = Self.setDirect(fd, false)
                    }
                    let wentDirect = try Self.write(fd, bytes, at: segment.offset, direct: &direct, path: path)
                    tally.directBytes += UInt64(wentDirect)
                    pool.give(segment.buffer)
                }
            } catch {
                // Wakes the sealing thread, which may wait for a free segment or a slot.
                queue.close()
                pool.close()
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

    /// Hands over what is left, waits until every byte is written, and returns the file's
    /// length. On failure the caller still calls `abandon()`.
    func finish() throws -> UInt64 {
        if filled > 0 { try handOver() }
        queue.close()
        try joinWriter().get()
        pool.drain()
        return handedOver
    }

    /// Stops the writer after a failure elsewhere (idempotent; the caller removes the file).
    func abandon() {
        queue.close()
        pool.close()
        _ = joinWriter()
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
        try hash.update(UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<filled]))
        guard queue.put(Segment(buffer: buffer, count: filled, offset: handedOver)) else {
            throw writerFailure()
        }
        current = nil
        handedOver += UInt64(filled)
        filled = 0
    }

    /// The writer's error, once it stopped taking segments.
    private func writerFailure() -> Error {
        if case .failure(let error) = joinWriter() { return error }
        return EvidenceError(.io, "Could not write \(path): the writing thread stopped.")
    }

    private func joinWriter() -> Result<Void, Error> {
        if let writerOutcome { return writerOutcome }
        let outcome = Result { try writer.wait() }
        writerOutcome = outcome
        return outcome
    }

    /// Turns O_DIRECT on or off for `fd`; false where the file system refuses it.
    private static func setDirect(_ fd: Int32, _ on: Bool) -> Bool {
        let flag = evidence_o_direct()
        guard flag != 0 else { return false }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(fd, F_SETFL, on ? (flags | flag) : (flags & ~flag)) == 0
    }

    /// Writes all of `bytes` at `offset`; returns how many went direct. A direct write the
    /// kernel refuses (EINVAL) is retried through the page cache, and later ones go that way too.
    private static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                              direct: inout Bool, path: String) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var directBytes = 0
        try FaultInjection.checkWrite(bytes: bytes.count)
        var done = 0
        while done < bytes.count {
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
            // A short direct write leaves an unaligned remainder: the page cache takes it.
            if direct && done < bytes.count && done % SourceFile.alignment != 0 {
                direct = false
                _ = setDirect(fd, false)
            }
        }
        return directBytes
    }
}
