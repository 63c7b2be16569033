import Foundation
import Testing
@testable import EvidenceStore

/// What every `ObjectStorage` promises (docs/STORAGE.md), checked against each implementation.
@Suite struct ObjectStorageConformanceTests {
    typealias Subject = ObjectStorageSubject

    /// Runs `body` with a fresh store of `subject` in a temporary folder.
    func with(_ subject: Subject, _ body: (any ObjectStorage) async throws -> Void) async throws {
        let dir = try UnitTempDir("storage")
        defer { dir.remove() }
        try await body(subject.make(dir.path))
    }

    @Test(arguments: Subject.all)
    func putCommitGetRoundTrip(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let key = try ObjectKey("case1/ab/abcdef")
            let pieces = [StorageSamples.bytes(1000, seed: 1), [], StorageSamples.bytes(70_000, seed: 2), [7]]
            let upload = try await storage.beginUpload(in: key.folder)
            for piece in pieces { try await upload.append(piece) }
            let info = try await upload.commit(as: key)
            let whole = pieces.flatMap { $0 }
            #expect(info == ObjectInfo(size: UInt64(whole.count)))
            #expect(try await storage.stat(key) == info)
            #expect(try await storage.get(key) == whole)
            // An empty object is an object.
            let empty = try ObjectKey("case1/00/empty")
            try await storage.put([], as: empty)
            #expect(try await storage.stat(empty) == ObjectInfo(size: 0))
            #expect(try await storage.get(empty) == [])
        }
    }

    @Test(arguments: Subject.all)
    func commitReplacesWhole(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let key = try ObjectKey("c/k")
            try await storage.put(StorageSamples.bytes(5000, seed: 3), as: key)
            let second = StorageSamples.bytes(10, seed: 4)
            try await storage.put(second, as: key)
            #expect(try await storage.get(key) == second)
            #expect(try await storage.listAll(prefix: "") == [key])
        }
    }

    @Test(arguments: Subject.all)
    func byteRanges(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let key = try ObjectKey("c/ranges")
            let bytes = StorageSamples.bytes(1000, seed: 5)
            try await storage.put(bytes, as: key)
            #expect(try await storage.get(key, range: 0..<10) == Array(bytes[0..<10]))
            #expect(try await storage.get(key, range: 400..<617) == Array(bytes[400..<617]))
            #expect(try await storage.get(key, range: 990..<1000) == Array(bytes[990..<1000]))
            #expect(try await storage.get(key, range: 0..<1000) == bytes)
            #expect(try await storage.get(key, range: 0..<0) == [])
            #expect(try await storage.get(key, range: 500..<500) == [])
            #expect(try await storage.get(key, range: 1000..<1000) == [])
            await #expect(throws: StorageError.invalidRange(key: "c/ranges", requested: 990..<1001, size: 1000)) {
                try await storage.get(key, range: 990..<1001)
            }
            await #expect(throws: StorageError.invalidRange(key: "c/ranges", requested: 2000..<2001, size: 1000)) {
                try await storage.get(key, range: 2000..<2001)
            }
            await #expect(throws: StorageError.notFound("c/missing")) {
                try await storage.get(try ObjectKey("c/missing"), range: 0..<1)
            }
        }
    }

    @Test(arguments: Subject.all)
    func statOfMissingIsNil(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            #expect(try await storage.stat(try ObjectKey("nothing/here")) == nil)
            await #expect(throws: StorageError.notFound("nothing/here")) { try await storage.get(try ObjectKey("nothing/here")) }
        }
    }

    @Test(arguments: Subject.all)
    func listWithPrefixInByteOrderAndPages(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let names = ["a/01/y", "a/00/x", "ab/00/z", "b/00/w", "a/00/x2"]
            for (index, name) in names.enumerated() {
                try await storage.put(StorageSamples.bytes(index + 1, seed: UInt64(index)), as: try ObjectKey(name))
            }
            func list(_ prefix: String) async throws -> [String] { try await storage.listAll(prefix: prefix).map(\.string) }
            #expect(try await list("") == ["a/00/x", "a/00/x2", "a/01/y", "ab/00/z", "b/00/w"])
            #expect(try await list("a/") == ["a/00/x", "a/00/x2", "a/01/y"])
            #expect(try await list("a") == ["a/00/x", "a/00/x2", "a/01/y", "ab/00/z"])
            #expect(try await list("a/00/x") == ["a/00/x", "a/00/x2"])
            #expect(try await list("a/0") == ["a/00/x", "a/00/x2", "a/01/y"])
            #expect(try await list("c/") == [])
            // Paging: each page starts after the last key of the one before.
            let first = try await storage.list(prefix: "", after: nil, limit: 2)
            #expect(first.map(\.string) == ["a/00/x", "a/00/x2"])
            let second = try await storage.list(prefix: "", after: first.last, limit: 2)
            #expect(second.map(\.string) == ["a/01/y", "ab/00/z"])
            let third = try await storage.list(prefix: "", after: second.last, limit: 2)
            #expect(third.map(\.string) == ["b/00/w"])
            #expect(try await storage.listAll(prefix: "", pageSize: 1).count == 5)
            #expect(try await storage.list(prefix: "", after: nil, limit: 0) == [])
        }
    }

    @Test(arguments: Subject.all)
    func deleteAndDeleteOfMissing(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let key = try ObjectKey("c/d/gone")
            let kept = try ObjectKey("c/d/kept")
            try await storage.put([1, 2, 3], as: key)
            try await storage.put([4], as: kept)
            try await storage.delete(key)
            #expect(try await storage.stat(key) == nil)
            await #expect(throws: StorageError.notFound("c/d/gone")) { try await storage.get(key) }
            #expect(try await storage.listAll(prefix: "") == [kept])
            // Deleting what is not there is no error.
            try await storage.delete(key)
            try await storage.delete(try ObjectKey("never/was"))
            #expect(try await storage.get(kept) == [4])
        }
    }

    @Test(arguments: Subject.all)
    func abortLeavesNothing(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            let key = try ObjectKey("c/aborted")
            let upload = try await storage.beginUpload(in: "c")
            try await upload.append(StorageSamples.bytes(4096))
            await upload.abort()
            await upload.abort()
            #expect(try await storage.stat(key) == nil)
            #expect(try await storage.listAll(prefix: "") == [])
            await #expect(throws: StorageError.uploadFinished) { try await upload.append([1]) }
            await #expect(throws: StorageError.uploadFinished) { try await upload.commit(as: key) }
            #expect(try await storage.stat(key) == nil)
            // A committed upload is finished too.
            let done = try await storage.beginUpload(in: "c")
            try await done.commit(as: key)
            await #expect(throws: StorageError.uploadFinished) { try await done.append([1]) }
            await #expect(throws: StorageError.uploadFinished) { try await done.commit(as: key) }
            #expect(try await storage.get(key) == [])
        }
    }

    @Test(arguments: Subject.all)
    func droppedUploadLeavesNothing(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            do {
                let upload = try await storage.beginUpload(in: "c/ab")
                try await upload.append(StorageSamples.bytes(100))
            }
            #expect(try await storage.listAll(prefix: "") == [])
        }
    }

    /// Nothing under the key, nothing listed, and a retry succeeds.
    @Test(arguments: Subject.all)
    func putThatDiesMidway(_ subject: Subject) async throws {
        try await with(subject) { inner async throws in
            let storage = FaultyObjectStorage(inner, faults: [.appendDies(afterBytes: 1000)])
            let key = try ObjectKey("case/ab/midway")
            let upload = try await storage.beginUpload(in: key.folder)
            try await upload.append(StorageSamples.bytes(800, seed: 1))
            await #expect(throws: InjectedFault(operation: "append")) {
                try await upload.append(StorageSamples.bytes(800, seed: 2))
            }
            // The writer died: its upload is never committed (and is dropped or aborted).
            await upload.abort()
            #expect(try await storage.stat(key) == nil)
            #expect(try await storage.listAll(prefix: "") == [])
            let bytes = StorageSamples.bytes(1600, seed: 3)
            try await storage.put(bytes, as: key)
            #expect(try await storage.get(key) == bytes)
            #expect(try await inner.get(key) == bytes)
        }
    }

    @Test(arguments: Subject.all)
    func commitThatDiesLeavesNothing(_ subject: Subject) async throws {
        try await with(subject) { inner async throws in
            let storage = FaultyObjectStorage(inner, faults: [.commit])
            let key = try ObjectKey("case/cd/commit")
            await #expect(throws: InjectedFault(operation: "commit")) {
                try await storage.put(StorageSamples.bytes(300), as: key)
            }
            #expect(try await storage.stat(key) == nil)
            #expect(try await storage.listAll(prefix: "") == [])
            try await storage.put([9, 9], as: key)
            #expect(try await storage.get(key) == [9, 9])
        }
    }

    @Test(arguments: Subject.all)
    func failingDeleteKeepsTheObject(_ subject: Subject) async throws {
        try await with(subject) { inner async throws in
            let storage = FaultyObjectStorage(inner)
            let key = try ObjectKey("case/ef/kept")
            let bytes = StorageSamples.bytes(2048, seed: 9)
            try await storage.put(bytes, as: key)
            storage.arm(.delete)
            await #expect(throws: InjectedFault(operation: "delete")) { try await storage.delete(key) }
            #expect(try await storage.get(key) == bytes)
            #expect(try await storage.stat(key) == ObjectInfo(size: 2048))
            try await storage.delete(key)
            #expect(try await storage.stat(key) == nil)
        }
    }

    @Test(arguments: Subject.all)
    func durabilityIsAskedOfTheStore(_ subject: Subject) async throws {
        try await with(subject) { inner async throws in
            let storage = FaultyObjectStorage(inner)
            try await storage.sync()
            try await storage.put([1], as: try ObjectKey("c/one"))
            try await storage.sync()
            #expect(storage.syncCount == 2)
            storage.arm(.sync)
            await #expect(throws: InjectedFault(operation: "sync")) { try await storage.sync() }
            #expect(storage.syncCount == 2)
            if let memory = inner as? InMemoryObjectStorage { #expect(memory.syncCount == 2) }
        }
    }

    @Test(arguments: Subject.all)
    func refusesInvalidKeysAndPrefixes(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            for bad in ["..", "../x", "a/../b", "/abs", "/", "a//b", ".tmp-1", "a/.hidden", "a\u{0}b"] {
                await #expect(throws: StorageError.invalidKey(bad)) { try await storage.list(prefix: bad, after: nil, limit: 10) }
                await #expect(throws: StorageError.invalidKey(bad)) { try await storage.beginUpload(in: bad) }
            }
            #expect(try await storage.listAll(prefix: "") == [])
        }
    }

    @Test(arguments: Subject.all)
    func concurrentPutsAllLand(_ subject: Subject) async throws {
        try await with(subject) { storage async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await storage.put(StorageSamples.bytes(index * 100, seed: UInt64(index)),
                                              as: try ObjectKey("c/\(index % 4)/object-\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            let keys = try await storage.listAll(prefix: "c/")
            #expect(keys.count == 16)
            for index in 0..<16 {
                #expect(try await storage.get(try ObjectKey("c/\(index % 4)/object-\(index)"))
                        == StorageSamples.bytes(index * 100, seed: UInt64(index)))
            }
        }
    }
}
