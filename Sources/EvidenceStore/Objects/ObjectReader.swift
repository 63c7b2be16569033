import Foundation
import PipelineQueue
#if canImport(Glibc)
import Glibc
#endif

/// A check an object failed: what was found and where, for `verify` and `get` to report.
public struct ObjectIntegrityError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Streams an object's plaintext back: one thread reads, authenticates and
/// decompresses chunks, the calling thread hashes and consumes them. A chunk reaches
/// the consumer only after its GCM tag has verified.
public enum ObjectReader {
    /// Verified bytes in flight: `buffer[offset ..< offset + count]`, a pooled buffer.
    private struct PlainChunk {
        let buffer: ChunkBuffer
        let offset: Int
        let count: Int
    }

    /// Reads the object at `path`, handing each verified chunk to `consume` in order.
    /// Returns the SHA-256 and size of the plaintext, which the caller compares with
    /// the recorded ones. `keys` gives the keys of a key id (nil if not held).
    public static func read(path: String, caseID: String, keys: (UInt32) throws -> CaseKeys?,
                            consume: (UnsafeRawBufferPointer) throws -> Void) throws -> (sha256: [UInt8], size: UInt64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw ObjectIntegrityError("the object file is missing") }
            throw FileSystem.ioError(errno, "read", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystem.ioError(errno, "read", path) }
        let fileSize = UInt64(info.st_size)
        // Objects are read front to back once: ask for the largest readahead.
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        let headerBytes = try readExactly(fd, count: ObjectFormat.headerLength, path: path,
                                          short: "the object is shorter than its header")
        let header: ObjectFormat.Header
        do { header = try ObjectFormat.Header.decode(headerBytes, path: path) } catch let error as FormatError {
            throw ObjectIntegrityError(error.description)
        }
        guard let caseKeys = try keys(header.keyID) else {
            throw ObjectIntegrityError("the object names key id \(header.keyID) (class \(header.keyID >> 24), generation \(header.keyID & KeyClass.maxGeneration)), which is not held")
        }
        let dataKey: SecretBytes
        do {
            dataKey = try AESGCM.openSecret(key: caseKeys.dataKeyWrapKey, nonce: header.keyNonce,
                                            aad: ObjectFormat.Header.wrapAAD(prefix: header.prefix(), caseID: caseID),
                                            sealed: header.wrappedKey)
        } catch CryptoError.authenticationFailed {
            throw ObjectIntegrityError("the object's wrapped data key failed authentication (header altered)")
        }

        // Buffers: one being opened, one being expanded, two queued, one being consumed.
        let pool = BufferPool(count: 5, size: header.chunkSize + 1)
        let queue = BlockingQueue<PlainChunk>(capacity: 2)
        let opener = try Opener(fd: fd, path: path, dataKey: dataKey, chunkSize: header.chunkSize, fileSize: fileSize,
                                pool: pool)
        let work = BackgroundWork {
            defer { queue.close() }
            do {
                while let chunk = try opener.next() {
                    if !queue.put(chunk) { return }
                }
            } catch {
                pool.close()
                throw error
            }
        }
        let hash = try SHA256()
        var total: UInt64 = 0
        var consumeError: Error?
        while let chunk = queue.take() {
            do {
                let slice = UnsafeRawBufferPointer(rebasing: chunk.buffer.bytes[chunk.offset..<(chunk.offset + chunk.count)])
                try hash.update(slice)
                try consume(slice)
                total += UInt64(chunk.count)
                pool.give(chunk.buffer)
            } catch {
                consumeError = error
                queue.close()
                pool.close()
                break
            }
        }
        let openError: Error? = { do { try work.wait(); return nil } catch { return error } }()
        pool.drain()
        opener.release()
        if let openError, !(openError is CancellationError) { throw openError }
        if let consumeError { throw consumeError }
        if let openError { throw openError }
        return (try hash.finalize(), total)
    }

    /// SHA-256 and size of the object file's bytes: what can be checked without keys; and the
    /// key id its header names (nil when the file is too short or not an object).
    public static func ciphertextDigest(path: String) throws -> (sha256: [UInt8], size: UInt64, keyID: UInt32?) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw ObjectIntegrityError("the object file is missing") }
            throw FileSystem.ioError(errno, "read", path)
        }
        defer { close(fd) }
        let hash = try SHA256()
        // Sized to the file (at most 1 MiB): audit hashes every object, most of them small, and
        // zeroing a fresh 1 MiB buffer for each was a tenth of its time.
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : 1 << 20
        var buffer = [UInt8](repeating: 0, count: min(max(size + 1, 4096), 1 << 20))
        var total: UInt64 = 0
        var prefix: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystem.ioError(errno, "read", path)
            }
            if count == 0 { break }
            if prefix.count < 20 { prefix += buffer[0..<min(count, 20 - prefix.count)] }
            try hash.update(buffer[0..<count])
            total += UInt64(count)
        }
        return (try hash.finalize(), total, headerKeyID(prefix))
    }

    /// The key id of a header's first 20 bytes, if they are an object's.
    static func headerKeyID(_ prefix: [UInt8]) -> UInt32? {
        guard prefix.count >= 20, Array(prefix[0..<8]) == Array("EVIDOBJ".utf8) + [0] else { return nil }
        return prefix[16..<20].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    static func readExactly(_ fd: Int32, count: Int, path: String, short: String) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        try buffer.withUnsafeMutableBytes { raw in
            while filled < count {
                let result = Glibc.read(fd, raw.baseAddress! + filled, count - filled)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw FileSystem.ioError(errno, "read", path)
                }
                if result == 0 { throw ObjectIntegrityError(short) }
                filled += result
            }
        }
        return buffer
    }

    /// The background stage: one chunk record at a time, authenticated and expanded.
    private final class Opener: @unchecked Sendable {
        let fd: Int32
        let path: String
        let context: AESGCM.Context
        let chunkSize: Int
        let fileSize: UInt64
        let pool: BufferPool
        var offset = UInt64(ObjectFormat.headerLength)
        var index: UInt64 = 0
        var finished = false
        /// How far the kernel was asked to read ahead.
        var advised: UInt64 = 0
        var sealed: [UInt8]

        init(fd: Int32, path: String, dataKey: SecretBytes, chunkSize: Int, fileSize: UInt64, pool: BufferPool) throws {
            self.fd = fd
            self.path = path
            context = try AESGCM.Context(key: dataKey)
            self.chunkSize = chunkSize
            self.fileSize = fileSize
            self.pool = pool
            sealed = Self.sealedCache.take(size: ObjectFormat.maxRecordLength(chunkSize: chunkSize))
        }

        static let sealedCache = ArrayCache()

        func release() {
            Self.sealedCache.give(sealed)
            sealed = []
        }

        func next() throws -> PlainChunk? {
            if finished { return nil }
            guard offset < fileSize else {
                throw ObjectIntegrityError("the object is truncated: chunk \(index) is missing (no final chunk)")
            }
            let lengthBytes = try ObjectReader.readExactly(fd, count: 4, path: path,
                                                           short: "the object is truncated inside chunk \(index)")
            let length = Int(UInt32(bigEndianBytes: lengthBytes))
            guard length >= 1 + AESGCM.tagSize, length <= sealed.count else {
                throw ObjectIntegrityError("chunk \(index) declares an impossible length of \(length) bytes")
            }
            guard offset + 4 + UInt64(length) <= fileSize else {
                throw ObjectIntegrityError("the object is truncated inside chunk \(index)")
            }
            let isFinal = offset + 4 + UInt64(length) == fileSize
            prefetch(from: offset)
            try sealed.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                var filled = 0
                while filled < length {
                    let result = Glibc.read(fd, base + filled, length - filled)
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw FileSystem.ioError(errno, "read", path)
                    }
                    if result == 0 { throw ObjectIntegrityError("the object is truncated inside chunk \(index)") }
                    filled += result
                }
            }
            // Authenticate straight into a pooled buffer: byte 0 is the encoding, the rest the data.
            guard let plain = pool.take() else { throw CancellationError() }
            let plainLength: Int
            do {
                plainLength = try sealed.withUnsafeBytes { sealedBuffer in
                    try context.open(nonce: ObjectFormat.chunkNonce(index: index),
                                     aad: ObjectFormat.chunkAAD(index: index, final: isFinal),
                                     sealed: UnsafeRawBufferPointer(rebasing: sealedBuffer[0..<length]),
                                     into: plain.bytes)
                }
            } catch CryptoError.authenticationFailed {
                if isFinal {
                    throw ObjectIntegrityError("chunk \(index) failed authentication: the object was altered, or truncated after this chunk")
                }
                throw ObjectIntegrityError("chunk \(index) failed authentication: the object was altered or its chunks reordered")
            }
            let output = try expand(plain, plainLength: plainLength, isFinal: isFinal)
            offset += 4 + UInt64(length)
            index += 1
            finished = isFinal
            return output
        }

        /// Asks the kernel to read the next two chunks' records in the background while this
        /// one is read and opened. Its own sequential readahead is a few hundred KiB, which
        /// leaves our virtual disks idle between requests (they need several MiB in flight).
        private func prefetch(from start: UInt64) {
            let window = UInt64(3 * chunkSize)
            guard advised < start + window / 2, advised < fileSize else { return }
            let from = max(advised, start)
            let end = min(fileSize, start + window)
            guard end > from else { return }
            _ = posix_fadvise(fd, off_t(from), off_t(end - from), POSIX_FADV_WILLNEED)
            advised = end
        }

        private func expand(_ plain: ChunkBuffer, plainLength: Int, isFinal: Bool) throws -> PlainChunk {
            guard plainLength >= 1, let encoding = ObjectFormat.Encoding(rawValue: plain.bytes[0]) else {
                throw ObjectIntegrityError("chunk \(index) has an unknown encoding")
            }
            let chunk: PlainChunk
            switch encoding {
            case .stored:
                chunk = PlainChunk(buffer: plain, offset: 1, count: plainLength - 1)
            case .zlib:
                guard let output = pool.take() else { throw CancellationError() }
                let expanded = Compression.decompress(UnsafeRawBufferPointer(rebasing: plain.bytes[1..<plainLength]),
                                                      into: UnsafeMutableRawBufferPointer(rebasing: output.bytes[0..<chunkSize]))
                pool.give(plain)
                guard let expanded else {
                    throw ObjectIntegrityError("chunk \(index) does not decompress within the chunk size")
                }
                chunk = PlainChunk(buffer: output, offset: 0, count: expanded)
            }
            guard chunk.count <= chunkSize else { throw ObjectIntegrityError("chunk \(index) is larger than the chunk size") }
            guard isFinal || chunk.count == chunkSize else {
                throw ObjectIntegrityError("chunk \(index) holds \(chunk.count) bytes; every chunk but the last holds \(chunkSize)")
            }
            // Only an empty object has an empty chunk, and then it is the only one.
            guard chunk.count > 0 || index == 0 else {
                throw ObjectIntegrityError("chunk \(index) is an empty final chunk after others")
            }
            return chunk
        }
    }
}
