import CSystemCalls
import Foundation
import Testing
@testable import EvidenceStore
#if canImport(Glibc)
import Glibc
#endif

/// ObjectFileOutput: segments written behind the sealing thread, whole ones with O_DIRECT.
@Suite struct UnitObjectFileOutputTests {
    static let segment = ObjectFileOutput.segmentSize

    /// Whether files in `dir` take O_DIRECT (tmpfs before Linux 6.6 and some others do not).
    static func directWorks(in dir: UnitTempDir) throws -> Bool {
        let probe = dir.file("probe")
        let fd = open(probe, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        defer { close(fd); unlink(probe) }
        let flags = fcntl(fd, F_GETFL)
        guard evidence_o_direct() != 0, fcntl(fd, F_SETFL, flags | evidence_o_direct()) == 0 else { return false }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 7)
        return pwrite(fd, buffer.baseAddress, 4096, 0) == 4096
    }

    /// Appends `data` in pieces of the given sizes (cycled; mixing `append` and `fill`) and
    /// returns the file, its recorded hash and length, and the bytes that went direct.
    static func write(_ data: [UInt8], pieces: [Int], direct: Bool, in dir: UnitTempDir)
        throws -> (file: [UInt8], sha256: [UInt8], length: UInt64, directBytes: UInt64) {
        let path = dir.file("object-\(UUID().uuidString)")
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        let output = ObjectFileOutput(fd: fd, path: path, hash: try SHA256(), direct: direct)
        var position = 0
        var turn = 0
        try data.withUnsafeBytes { all in
            while position < data.count {
                let count = min(pieces[turn % pieces.count], data.count - position)
                let piece = UnsafeRawBufferPointer(rebasing: all[position..<(position + count)])
                if turn % 2 == 0 {
                    try output.append(piece)
                } else {
                    try output.fill(count: count) { done, space in
                        #expect(!space.isEmpty)
                        space.copyMemory(from: UnsafeRawBufferPointer(rebasing: piece[done..<(done + space.count)]))
                    }
                }
                position += count
                turn += 1
            }
        }
        #expect(output.count == UInt64(data.count))
        let length = try output.finish()
        return (try UnitFiles.read(path), try output.hash.finalize(), length, output.directBytes)
    }

    @Test(arguments: [0, 1, 4095, segment - 1, segment, segment + 1, 3 * segment, 3 * segment + 4097])
    func directAndBufferedWritesGiveTheSameFile(size: Int) throws {
        let dir = try UnitTempDir("output")
        defer { dir.remove() }
        var rng = UnitRNG(seed: UInt64(size) + 3)
        let data = rng.bytes(size)
        let canGoDirect = try Self.directWorks(in: dir)
        for pieces in [[80], [4, 1_048_593, 16], [Self.segment], [7, 300_000]] {
            let direct = try Self.write(data, pieces: pieces, direct: true, in: dir)
            let buffered = try Self.write(data, pieces: pieces, direct: false, in: dir)
            #expect(direct.file == data, "size \(size), pieces \(pieces)")
            #expect(buffered.file == data)
            #expect(direct.length == UInt64(size) && buffered.length == UInt64(size))
            #expect(direct.sha256 == (try SHA256.hash(data)) && buffered.sha256 == direct.sha256)
            // Whole segments go direct where the file system takes it; the partial last one never does.
            #expect(direct.directBytes == (canGoDirect ? UInt64(size / Self.segment * Self.segment) : 0),
                    "size \(size): \(direct.directBytes) bytes went direct")
            #expect(buffered.directBytes == 0)
        }
    }

    @Test func aFailedWriteStopsTheSealingSideWithTheWritersError() throws {
        let dir = try UnitTempDir("output")
        defer { dir.remove() }
        let path = dir.file("object")
        // A descriptor open for reading only: every write fails with EBADF.
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        let output = ObjectFileOutput(fd: fd, path: path, hash: try SHA256(), direct: false)
        let data = [UInt8](repeating: 1, count: 8 * Self.segment)
        var failure: Error?
        do {
            try data.withUnsafeBytes { try output.append($0) }
            _ = try output.finish()
        } catch {
            failure = error
        }
        output.abandon()
        let message = (failure as? EvidenceError)?.message ?? "no error"
        #expect(message.lowercased().contains("could not write") && message.contains(path), "\(message)")
        #expect((failure as? EvidenceError)?.kind == .io)
    }
}
