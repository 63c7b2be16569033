import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Streams a file into a new object: read and hash on the calling thread, compress,
/// seal and write on a second one, so ingest runs on both cores and holds at most a
/// few chunks in memory whatever the file's size.
public enum ObjectWriter {
    /// An object written and fsynced under a temporary name, not yet visible.
    public struct Staged {
        public let temporaryPath: String
        /// SHA-256 of the original bytes: the item's evidential hash.
        public let sha256: [UInt8]
        public let size: UInt64
        /// SHA-256 of the object file's bytes, as recorded in the ledger.
        public let ciphertextSHA256: [UInt8]
        public let ciphertextSize: UInt64

        /// Makes the object visible under its final name, durably.
        public func commit(to finalPath: String) throws {
            let directory = (finalPath as NSString).deletingLastPathComponent
            try FileSystem.createDirectories(directory)
            if rename(temporaryPath, finalPath) != 0 { throw FileSystem.ioError(errno, "store", finalPath) }
            try FileSystem.syncDirectory(directory)
            let parent = (temporaryPath as NSString).deletingLastPathComponent
            if parent != directory { try FileSystem.syncDirectory(parent) }
        }

        public func discard() { unlink(temporaryPath) }
    }

    private struct PlainChunk {
        let buffer: [UInt8]
        let count: Int
        let index: UInt64
        let final: Bool
    }

    /// Reads `source` (an open descriptor) to its end into a temporary object file in
    /// `directory`. Read failures are reported against `sourceName`.
    public static func write(source: Int32, sourceName: String, directory: String, keys: CaseKeys,
                             chunkSize: Int, progress: ((UInt64) -> Void)? = nil) throws -> Staged {
        try FileSystem.createDirectories(directory)
        let temporaryPath = try FileSystem.temporaryPath(in: directory)
        let output = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw FileSystem.ioError(errno, "write", temporaryPath) }
        var outputOpen = true
        defer { if outputOpen { close(output) } }
        do {
            let dataKey = try SecretBytes.random(count: AESGCM.keySize)
            var header = ObjectFormat.Header(chunkSize: chunkSize, keyGeneration: keys.generation,
                                             keyNonce: try SecureRandom.bytes(AESGCM.nonceSize), wrappedKey: [])
            let prefix = header.prefix()
            header.wrappedKey = try dataKey.withUnsafeBytes { key in
                try AESGCM.seal(key: keys.dataKeyWrapKey, nonce: header.keyNonce,
                                aad: ObjectFormat.Header.wrapAAD(prefix: prefix, caseID: keys.caseID),
                                plaintext: Array(key))
            }
            let cipherHash = try SHA256()
            let headerBytes = header.encoded()
            try cipherHash.update(headerBytes)
            try FileSystem.writeAll(output, headerBytes, path: temporaryPath)

            let queue = BlockingQueue<PlainChunk>(capacity: 2)
            let sealer = try Sealer(dataKey: dataKey, output: output, path: temporaryPath, cipherHash: cipherHash,
                                chunkSize: chunkSize)
            let work = BackgroundWork {
                defer { queue.close() }
                while let chunk = queue.take() {
                    try chunk.buffer.withUnsafeBytes { raw in
                        try sealer.seal(UnsafeRawBufferPointer(rebasing: raw[0..<chunk.count]), index: chunk.index,
                                        final: chunk.final)
                    }
                }
            }
            let plainHash = try SHA256()
            var total: UInt64 = 0
            var readError: Error?
            do {
                var pending = try readChunk(source, size: chunkSize, name: sourceName)
                var index: UInt64 = 0
                while true {
                    try plainHash.update(pending.buffer[0..<pending.count])
                    total += UInt64(pending.count)
                    progress?(total)
                    let next: (buffer: [UInt8], count: Int)? =
                        pending.count == chunkSize ? try readChunk(source, size: chunkSize, name: sourceName) : nil
                    // A chunk is final when nothing follows it; an empty file is one empty final chunk.
                    let isFinal = next == nil || next?.count == 0
                    guard queue.put(PlainChunk(buffer: pending.buffer, count: pending.count, index: index, final: isFinal))
                    else { break }
                    if isFinal { break }
                    if let next { pending = next }
                    index += 1
                }
            } catch {
                readError = error
            }
            queue.close()
            let sealError: Error? = { do { try work.wait(); return nil } catch { return error } }()
            if let readError { throw readError }
            if let sealError { throw sealError }
            try FileSystem.sync(output, path: temporaryPath)
            close(output)
            outputOpen = false
            return Staged(temporaryPath: temporaryPath, sha256: try plainHash.finalize(), size: total,
                          ciphertextSHA256: try cipherHash.finalize(), ciphertextSize: sealer.written + UInt64(headerBytes.count))
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// Fills a whole chunk unless the file ends first.
    private static func readChunk(_ fd: Int32, size: Int, name: String) throws -> (buffer: [UInt8], count: Int) {
        var buffer = [UInt8](repeating: 0, count: size)
        var filled = 0
        try buffer.withUnsafeMutableBytes { raw in
            while filled < size {
                let count = read(fd, raw.baseAddress! + filled, size - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    throw EvidenceError(.io, "Could not read \(name): \(String(cString: strerror(code))); no item was added.")
                }
                if count == 0 { break }
                filled += count
            }
        }
        return (buffer, filled)
    }

    /// The second pipeline stage: decides on compression, seals and writes each chunk.
    private final class Sealer: @unchecked Sendable {
        let context: AESGCM.Context
        let output: Int32
        let path: String
        let cipherHash: SHA256
        var scratch: [UInt8] = []
        var compressed: [UInt8] = []
        var plain: [UInt8]
        var record: [UInt8]
        var written: UInt64 = 0

        init(dataKey: SecretBytes, output: Int32, path: String, cipherHash: SHA256, chunkSize: Int) throws {
            context = try AESGCM.Context(key: dataKey)
            self.output = output
            self.path = path
            self.cipherHash = cipherHash
            plain = [UInt8](repeating: 0, count: chunkSize + 1)
            record = [UInt8](repeating: 0, count: 4 + ObjectFormat.maxRecordLength(chunkSize: chunkSize))
        }

        func seal(_ chunk: UnsafeRawBufferPointer, index: UInt64, final: Bool) throws {
            // Layout the plaintext as encoding byte ‖ data, compressed only when it pays.
            var plainLength = 1 + chunk.count
            plain[0] = ObjectFormat.Encoding.stored.rawValue
            if Compression.isWorthCompressing(chunk, scratch: &scratch),
               let size = Compression.compress(chunk, into: &compressed), size < chunk.count {
                plain[0] = ObjectFormat.Encoding.zlib.rawValue
                plain.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 1).copyMemory(from: compressed, byteCount: size) }
                plainLength = 1 + size
            } else if chunk.count > 0 {
                plain.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 1).copyMemory(from: chunk.baseAddress!, byteCount: chunk.count) }
            }
            let sealedLength = try plain.withUnsafeBytes { plainBuffer in
                try record.withUnsafeMutableBytes { recordBuffer in
                    try context.seal(nonce: ObjectFormat.chunkNonce(index: index),
                                     aad: ObjectFormat.chunkAAD(index: index, final: final),
                                     plaintext: UnsafeRawBufferPointer(rebasing: plainBuffer[0..<plainLength]),
                                     into: UnsafeMutableRawBufferPointer(rebasing: recordBuffer[4...]))
                }
            }
            let lengthBytes = UInt32(sealedLength).bigEndianBytes
            for position in 0..<4 { record[position] = lengthBytes[position] }
            try record.withUnsafeBytes { buffer in
                let slice = UnsafeRawBufferPointer(rebasing: buffer[0..<(4 + sealedLength)])
                try cipherHash.update(slice)
                try FileSystem.writeAll(output, slice, path: path)
            }
            written += UInt64(4 + sealedLength)
        }
    }
}
