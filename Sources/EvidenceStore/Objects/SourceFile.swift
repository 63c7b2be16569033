import CSystemCalls
#if canImport(Glibc)
import Glibc
#endif

/// A file being added, read chunk by chunk.
///
/// Where the file system allows, chunks are read with O_DIRECT straight into the
/// page-aligned chunk buffers: the bytes go from the device to the buffer without a copy
/// through the page cache (the largest single cost of ingest on our machines), and the
/// cache is not flooded with exhibits read once. Any refusal (a file system without
/// O_DIRECT, a short read) falls back to ordinary reads from the same offset.
struct SourceFile {
    let buffered: Int32
    /// A second descriptor on the same file opened with O_DIRECT, or nil.
    var direct: Int32?
    let name: String
    private var offset: Int64 = 0
    /// Once direct reads were used, the buffered descriptor's position is stale: read by offset.
    private var positioned = false

    init(buffered: Int32, direct: Int32?, name: String) {
        self.buffered = buffered
        self.direct = direct
        self.name = name
    }

    /// O_DIRECT needs block-aligned offsets, lengths and memory.
    static let alignment = 4096

    /// Opens `path` for O_DIRECT reads; nil where the file system refuses.
    static func openDirect(_ path: RawPath) -> Int32? {
        let flag = evidence_o_direct()
        guard flag != 0 else { return nil }
        let fd = path.withCString { open($0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | flag) }
        return fd >= 0 ? fd : nil
    }

    /// Fills `buffer[0 ..< size]` unless the file ends first; returns the bytes read.
    mutating func readChunk(into buffer: ChunkBuffer, size: Int) throws -> Int {
        guard let base = buffer.bytes.baseAddress else { return 0 }
        var filled = 0
        if let direct, size % Self.alignment == 0, offset % Int64(Self.alignment) == 0 {
            positioned = true
            while filled < size {
                let count = pread(direct, base + filled, size - filled, off_t(offset) + off_t(filled))
                if count < 0 {
                    if errno == EINTR { continue }
                    // EINVAL and the like: this file (system) will not do direct reads after all.
                    self.direct = nil
                    break
                }
                if count == 0 { return finish(filled) }
                filled += count
                // A short read leaves the next offset unaligned: continue with ordinary reads.
                if filled < size && filled % Self.alignment != 0 {
                    self.direct = nil
                    break
                }
            }
            if filled == size { return finish(filled) }
        }
        // Plain read() keeps pipes and other unseekable inputs working.
        return finish(try readBuffered(into: base, from: filled, size: size, offset: positioned ? offset : nil))
    }

    /// Fills `buffer[0 ..< size]` from `offset` on unless the file ends first; returns the
    /// bytes read. Reads by offset only, so several threads may read one file at once
    /// (`ChunkFetcher`); a regular file only.
    func readChunk(at offset: Int64, into buffer: ChunkBuffer, size: Int) throws -> Int {
        guard let base = buffer.bytes.baseAddress else { return 0 }
        var filled = 0
        if let direct, size % Self.alignment == 0, offset % Int64(Self.alignment) == 0 {
            while filled < size {
                let count = pread(direct, base + filled, size - filled, off_t(offset) + off_t(filled))
                if count < 0 && errno == EINTR { continue }
                // A refusal (EINVAL and the like), the end, or an unaligned short read: the
                // rest, if any, comes from ordinary reads.
                if count <= 0 { break }
                filled += count
                if filled % Self.alignment != 0 { break }
            }
        }
        return try readBuffered(into: base, from: filled, size: size, offset: offset)
    }

    /// Ordinary reads into `base[filled ..< size]` until it is full or the file ends; by offset
    /// (`offset` is where `base` starts in the file), or from the descriptor's position when
    /// `offset` is nil. Returns the bytes in `base`.
    private func readBuffered(into base: UnsafeMutableRawPointer, from start: Int, size: Int, offset: Int64?) throws -> Int {
        var filled = start
        while filled < size {
            let count = offset.map { pread(buffered, base + filled, size - filled, off_t($0) + off_t(filled)) }
                ?? read(buffered, base + filled, size - filled)
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                throw EvidenceError(.io, "Could not read \(name): \(String(cString: strerror(code))); no item was added.")
            }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    private mutating func finish(_ count: Int) -> Int {
        offset += Int64(count)
        return count
    }
}
