import Foundation
import Testing
@testable import EvidenceStore

/// The POSIX stores are today's repository layout (FORMAT §3): same paths, same bytes.
@Suite struct PosixStorageLayoutTests {
    @Test func objectsLandAtTheirKeysPaths() async throws {
        let dir = try UnitTempDir("storage")
        defer { dir.remove() }
        let storage = PosixObjectStorage(directory: dir.file("objects"))
        let name = String(repeating: "ab", count: 32)
        let bytes = StorageSamples.bytes(3000)
        try await storage.put(bytes, as: try ObjectKey("case1/ab/\(name)"))
        #expect(try UnitFiles.read(dir.file("objects/case1/ab/\(name)")) == bytes)
        #expect(UnitFiles.listRecursively(dir.path) == ["objects/case1/ab/\(name)"])
    }

    /// What a killed process leaves (a `.tmp-` file), and an upload in progress, are invisible.
    @Test func stagedUploadsAreInvisible() async throws {
        let dir = try UnitTempDir("storage")
        defer { dir.remove() }
        let storage = PosixObjectStorage(directory: dir.file("objects"))
        _ = try dir.write("objects/case1/.tmp-0011223344556677", [1, 2, 3])
        let upload = try await storage.beginUpload(in: "case1/ab")
        try await upload.append([4, 5])
        let staged = UnitFiles.listRecursively(dir.file("objects"))
        #expect(staged.count == 2)
        #expect(staged.allSatisfy { ($0 as NSString).lastPathComponent.hasPrefix(".tmp-") })
        #expect(try await storage.listAll(prefix: "") == [])
        #expect(try await storage.listAll(prefix: "case1/") == [])
        let key = try ObjectKey("case1/ab/done")
        try await upload.commit(as: key)
        #expect(try await storage.listAll(prefix: "") == [key])
        #expect(UnitFiles.listRecursively(dir.file("objects")).contains("case1/ab/done"))
    }

    @Test func getDoesNotFollowLinks() async throws {
        let dir = try UnitTempDir("storage")
        defer { dir.remove() }
        let outside = try dir.write("secret", [42])
        let storage = PosixObjectStorage(directory: dir.file("objects"))
        try FileManager.default.createDirectory(atPath: dir.file("objects/c"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.file("objects/c/link"), withDestinationPath: outside)
        let key = try ObjectKey("c/link")
        await #expect(throws: StorageError.notFound("c/link")) { try await storage.get(key) }
        #expect(try await storage.stat(key) == nil)
    }

    @Test func ledgerFilesAreTheTlogTilesPaths() async throws {
        let dir = try UnitTempDir("storage")
        defer { dir.remove() }
        let storage = PosixLedgerStorage(directory: dir.file("ledger"))
        try await storage.writeTile(TileRef(kind: .hashes(level: 0), index: 1_234_067, width: 256), [1])
        try await storage.writeTile(TileRef(kind: .hashes(level: 1), index: 0, width: 8), [2])
        try await storage.writeTile(TileRef(kind: .entries, index: 2, width: 5), [3])
        try await storage.archiveCheckpoint(StorageSamples.checkpoint(size: 7), size: 7)
        try await storage.publishCheckpoint(StorageSamples.checkpoint(size: 7), size: 7, expectedPreviousSize: 0)
        #expect(UnitFiles.listRecursively(dir.file("ledger")) == [
            "checkpoint", "checkpoints/7", "tile/0/x001/x234/067", "tile/1/000.p/8", "tile/entries/002.p/5",
        ])
        #expect(try UnitFiles.read(dir.file("ledger/checkpoint")) == StorageSamples.checkpoint(size: 7))
        // The last partial version of a tile takes its `.p` folder with it.
        try await storage.deleteTile(TileRef(kind: .entries, index: 2, width: 5))
        #expect(!FileManager.default.fileExists(atPath: dir.file("ledger/tile/entries/002.p")))
    }
}
