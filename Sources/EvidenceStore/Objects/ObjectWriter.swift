import Foundation
import PipelineQueue
#if canImport(Glibc)
import Glibc
#endif

/// Streams a file into a new object: read on the calling thread; hash, compress and seal
/// on a second one; hash and write the result on two more (`ObjectFileOutput`), so ingest
/// runs on both cores and holds a fixed few chunks in memory whatever the file's size.
///
/// Objects are not fsynced one by one: the ledger transaction makes every object of a
/// batch durable with one `syncfs` before it signs the checkpoint that references them
/// (an object no checkpoint references is meaningless, so losing one in a crash is harmless).
public enum ObjectWriter {
    /// An object written under a temporary name, not yet visible or durable.
    public struct Staged {
        public let temporaryPath: String
        /// SHA-256 of the original bytes: the item's evidential hash.
        public let sha256: [UInt8]
        public let size: UInt64
        /// SHA-256 of the object file's bytes, as recorded in the ledger.
        public let ciphertextSHA256: [UInt8]
        public let ciphertextSize: UInt64

        /// Gives the object its final name (durable at the transaction's next commit).
        public func commit(to finalPath: String) throws {
            let directory = (finalPath as NSString).deletingLastPathComponent
            try FileSystem.createDirectories(directory, durable: false)
            if rename(temporaryPath, finalPath) != 0 { throw FileSystem.ioError(errno, "store", finalPath) }
        }

        public func discard() { unlink(temporaryPath) }
    }

    /// A chunk in flight: its bytes are `buffer[0 ..< count]` (page-aligned, so the file
    /// can be read with O_DIRECT straight into it).
    private struct PlainChunk {
        let buffer: ChunkBuffer
        let count: Int
        let index: UInt64
        let final: Bool
    }

    /// Reads `source` (an open descriptor) to its end into a temporary object file in
    /// `directory`. Read failures are reported against `sourceName`.
    public static func write(source: Int32, sourceName: String, directory: String, keys: CaseKeys,
                             chunkSize: Int, progress: ((UInt64) -> Void)? = nil) throws -> Staged {
        try write(source: SourceFile(buffered: source, direct: nil, name: sourceName), directory: directory, keys: keys,
                  chunkSize: chunkSize, progress: progress)
    }

    /// `fileSize`: the size of a regular file, which may then be read by offset with two
    /// reads in flight (`ChunkFetcher`) when it spans more than one chunk; nil for a stream.
    static func write(source file: SourceFile, fileSize: UInt64? = nil, directory: String, keys: CaseKeys,
                      chunkSize: Int, progress: ((UInt64) -> Void)? = nil) throws -> Staged {
        var source = file
        try FileSystem.createDirectories(directory, durable: false)
        let temporaryPath = try FileSystem.temporaryPath(in: directory)
        let output = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw FileSystem.ioError(errno, "write", temporaryPath) }
        defer { close(output) }
        do {
            let dataKey = try SecretBytes.random(count: AESGCM.keySize)
            var header = ObjectFormat.Header(chunkSize: chunkSize, keyID: keys.keyID,
                                             keyNonce: try SecureRandom.bytes(AESGCM.nonceSize), wrappedKey: [])
            let prefix = header.prefix()
            header.wrappedKey = try dataKey.withUnsafeBytes { key in
                try AESGCM.seal(key: keys.dataKeyWrapKey, nonce: header.keyNonce,
                                aad: ObjectFormat.Header.wrapAAD(prefix: prefix, caseID: keys.caseID),
                                plaintext: Array(key))
            }
            let fileOutput = ObjectFileOutput(fd: output, path: temporaryPath, hash: try SHA256(), direct: true)
            do {
                return try stream(source: &source, fileSize: fileSize, dataKey: dataKey, header: header.encoded(),
                                  output: fileOutput, chunkSize: chunkSize, progress: progress, temporaryPath: temporaryPath)
            } catch {
                fileOutput.abandon()
                throw error
            }
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// Reads the chunks and hands them over; the sealing thread hashes and seals them into `output`.
    private static func stream(source: inout SourceFile, fileSize: UInt64?, dataKey: SecretBytes, header: [UInt8],
                               output: ObjectFileOutput, chunkSize: Int, progress: ((UInt64) -> Void)?,
                               temporaryPath: String) throws -> Staged {
        try output.append(header)
        // Five buffers either way. Sequential reads: two chunks being read (this one and
        // the look-ahead), two queued, one being sealed. Fetched: this one, up to two
        // fetched or in flight, one queued, one being sealed; a fetcher waits for a buffer
        // only while the sealer holds one, which it always gives back, so it cannot stall.
        let fetched = fileSize.map { $0 > UInt64(chunkSize) } ?? false
        let pool = BufferPool(count: 5, size: chunkSize)
        let queue = BlockingQueue<PlainChunk>(capacity: fetched ? 1 : 2)
        let sealer = try Sealer(dataKey: dataKey, output: output, chunkSize: chunkSize)
        let work = BackgroundWork {
            do {
                while let chunk = queue.take() {
                    try sealer.seal(chunk.buffer, count: chunk.count, index: chunk.index, final: chunk.final)
                    pool.give(chunk.buffer)
                }
            } catch {
                // Unblock the reading thread, which may be waiting for a buffer or a slot.
                queue.close()
                pool.close()
                throw error
            }
        }
        // Started only now: nothing below throws before the clean-up that stops it.
        let fetcher = fetched ? ChunkFetcher(source: source, pool: pool, chunkSize: chunkSize, fetchers: 2) : nil
        func nextChunk() throws -> (buffer: ChunkBuffer, count: Int)? {
            if let fetcher { return try fetcher.next() }
            guard let buffer = pool.take() else { return nil }
            return (buffer, try source.readChunk(into: buffer, size: chunkSize))
        }
        var total: UInt64 = 0
        var readError: Error?
        do {
            guard let first = try nextChunk() else { throw CancellationError() }
            FaultInjection.pause(at: "add.read", subject: source.name)
            var current = first.buffer
            var count = first.count
            var index: UInt64 = 0
            while true {
                total += UInt64(count)
                progress?(total)
                var next: ChunkBuffer?
                var nextCount = 0
                if count == chunkSize {
                    guard let following = try nextChunk() else { throw CancellationError() }
                    next = following.buffer
                    nextCount = following.count
                }
                // A chunk is final when nothing follows it; an empty file is one empty final chunk.
                let isFinal = next == nil || nextCount == 0
                guard queue.put(PlainChunk(buffer: current, count: count, index: index, final: isFinal)) else { break }
                if isFinal {
                    if let next { pool.give(next) }
                    break
                }
                if let next { current = next }
                count = nextCount
                index += 1
            }
        } catch is CancellationError {
            // The sealer stopped; its error is the one to report.
        } catch {
            readError = error
        }
        queue.close()
        let sealError: Error? = { do { try work.wait(); return nil } catch { return error } }()
        // Closed first, so that a fetcher waiting for a buffer (after a failure) wakes up.
        pool.close()
        fetcher?.stop()
        pool.drain()
        if let readError { throw readError }
        if let sealError { throw sealError }
        let fileLength = try output.finish()
        return Staged(temporaryPath: temporaryPath, sha256: try sealer.plainHash.finalize(), size: total,
                      ciphertextSHA256: try output.hash.finalize(), ciphertextSize: fileLength)
    }

    /// The second pipeline stage: hashes each chunk, decides on compression and seals it into
    /// the output.
    ///
    /// The SHA-256 of the original bytes is taken here, in the same pieces as they are
    /// encrypted, rather than on the reading thread: each piece is then read from memory
    /// once and encrypted while it is still in the core's cache, and one file keeps two
    /// threads busy (this one and the output's hashing thread) instead of three.
    private final class Sealer: @unchecked Sendable {
        let context: AESGCM.Context
        let output: ObjectFileOutput
        /// SHA-256 of the original bytes: the item's evidential hash.
        let plainHash: SHA256
        /// Bytes hashed and encrypted at a time: well within a core's cache.
        static let piece = 128 * 1024
        var scratch: [UInt8]
        var compressed: [UInt8]

        init(dataKey: SecretBytes, output: ObjectFileOutput, chunkSize: Int) throws {
            context = try AESGCM.Context(key: dataKey)
            self.output = output
            plainHash = try SHA256()
            compressed = BufferCache.shared.array(size: Compression.bound(chunkSize))
            scratch = BufferCache.shared.array(size: Compression.bound(Compression.sampleSize))
        }

        /// Seals `buffer[0 ..< count]` as chunk `index`, compressed only when that pays.
        /// The buffer is only read.
        func seal(_ buffer: ChunkBuffer, count: Int, index: UInt64, final: Bool) throws {
            let data = UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count])
            if Compression.isWorthCompressing(data, scratch: &scratch),
               let size = Compression.compress(data, into: &compressed), size < count {
                try plainHash.update(data)
                try compressed.withUnsafeBytes { packed in
                    try sealRecord(encoding: .zlib, data: UnsafeRawBufferPointer(rebasing: packed[0..<size]),
                                   index: index, final: final, hashing: false)
                }
            } else {
                try sealRecord(encoding: .stored, data: data, index: index, final: final, hashing: true)
            }
        }

        /// Appends the record: its length, then encoding ‖ data encrypted straight into the
        /// output's segments, then the tag. `hashing`: `data` is the original bytes, hashed
        /// piece by piece just before each piece is encrypted.
        private func sealRecord(encoding: ObjectFormat.Encoding, data: UnsafeRawBufferPointer, index: UInt64,
                                final: Bool, hashing: Bool) throws {
            let plaintextLength = 1 + data.count
            try output.append(UInt32(plaintextLength + AESGCM.tagSize).bigEndianBytes)
            try context.beginSealing(nonce: ObjectFormat.chunkNonce(index: index),
                                     aad: ObjectFormat.chunkAAD(index: index, final: final))
            let encodingByte = [encoding.rawValue]
            try encodingByte.withUnsafeBytes { encodingBuffer in
                try output.fill(count: plaintextLength) { done, space in
                    guard let base = space.baseAddress else { return }
                    // Plaintext byte 0 is the encoding; byte k > 0 is data[k - 1].
                    var produced = 0
                    if done == 0 {
                        try context.sealPart(encodingBuffer, into: base)
                        produced = 1
                    }
                    var start = done + produced - 1
                    let end = start + space.count - produced
                    while start < end {
                        let piece = UnsafeRawBufferPointer(rebasing: data[start..<min(end, start + Self.piece)])
                        if hashing { try plainHash.update(piece) }
                        try context.sealPart(piece, into: base + produced)
                        produced += piece.count
                        start += piece.count
                    }
                }
            }
            var tag = [UInt8](repeating: 0, count: AESGCM.tagSize)
            try tag.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { throw CryptoError.invalidInput("GCM tag buffer missing") }
                try context.finishSealing(tagInto: base)
            }
            try output.append(tag)
        }
    }
}
