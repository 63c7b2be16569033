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
            let run = Self.readDirect(direct, into: base, size: size, offset: offset)
            filled = run.filled
            switch run.end {
            case .full, .endOfFile: return finish(filled)
            // This file (system) will not do direct reads after all, or the next offset is
            // unaligned: ordinary reads from here on.
            case .refused, .unaligned: self.direct = nil
            }
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
            let run = Self.readDirect(direct, into: base, size: size, offset: offset)
            if run.end == .full || run.end == .endOfFile { return run.filled }
            filled = run.filled
        }
        return try readBuffered(into: base, from: filled, size: size, offset: offset)
    }

    /// How a run of direct reads ended.
    private enum DirectEnd { case full, endOfFile, refused, unaligned }

    /// O_DIRECT reads into `base[0 ..< size]` from `offset` until it is full, the file ends,
    /// the kernel refuses (EINVAL and the like), or a short read leaves the next offset
    /// unaligned.
    private static func readDirect(_ fd: Int32, into base: UnsafeMutableRawPointer, size: Int,
                                   offset: Int64) -> (filled: Int, end: DirectEnd) {
        var filled = 0
        while filled < size {
            let count = pread(fd, base + filled, size - filled, off_t(offset) + off_t(filled))
            if count < 0 {
                if errno == EINTR { continue }
                return (filled, .refused)
            }
            if count == 0 { return (filled, .endOfFile) }
            filled += count
            if filled < size && filled % alignment != 0 { return (filled, .unaligned) }
        }
        return (filled, .full)
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
