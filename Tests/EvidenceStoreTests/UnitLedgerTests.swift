import Foundation
import Testing
@testable import EvidenceStore

/// A ledger folder in a temporary directory, with a log key and helpers to commit entries.
final class UnitLedger {
    static let origin = "test.example/evidence/x"
    let dir: UnitTempDir
    let store: LedgerStore
    let logKey: Ed25519.PrivateKey
    let signer: NoteSigner
    var verifier: NoteVerifierKey { signer.verifierKey }

    init() throws {
        dir = try UnitTempDir("ledger")
        store = LedgerStore(directory: dir.file("ledger"))
        logKey = try Ed25519.PrivateKey.generate()
        signer = try NoteSigner(name: Self.origin, key: logKey)
    }

    deinit { dir.remove() }

    func freshWriter() throws -> LedgerWriter {
        try LedgerWriter(store: store, checkpointSize: 0, checkpointRoot: try Merkle.emptyRoot())
    }

    /// A writer reopened at the newest checkpoint, as a command would.
    func reopenedWriter() throws -> LedgerWriter {
        let checkpoint = try newestCheckpoint()
        return try LedgerWriter(store: store, checkpointSize: checkpoint.size, checkpointRoot: checkpoint.rootHash)
    }

    func newestCheckpoint() throws -> Checkpoint {
        let bytes = try #require(try store.readCheckpointBytes())
        return try SignedCheckpoint.open(bytes, verifier: verifier).checkpoint
    }

    /// Simple distinct entries of varying length.
    static func entry(_ index: Int) -> [UInt8] {
        Array("entry \(index) ".utf8) + [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: index % 7)
    }

    static func root(_ entries: ArraySlice<[UInt8]>) throws -> [UInt8] {
        try Merkle.root(leafHashes: entries.map { try Merkle.leafHash($0) })
    }

    func path(_ relative: String) -> String { store.path(relative) }

    var files: [String] { UnitFiles.listRecursively(store.directory) }
}

@Suite struct UnitLedgerTests {
    /// Everything a reader can check for a committed size.
    static func checkCommitted(_ ledger: UnitLedger, entries: [[UInt8]], size: Int,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expectedRoot = try UnitLedger.root(entries[0..<size])
        #expect(try ledger.store.rootHash(treeSize: UInt64(size)) == expectedRoot, "root at \(size)",
                sourceLocation: sourceLocation)
        var read: [[UInt8]] = []
        try ledger.store.forEachEntry(in: 0..<UInt64(size), treeSize: UInt64(size)) { index, entry in
            #expect(index == UInt64(read.count), sourceLocation: sourceLocation)
            read.append(entry)
        }
        #expect(read == Array(entries[0..<size]), "entries at \(size)", sourceLocation: sourceLocation)
        for index in Set([0, size / 2, size - 1, max(0, size - 256), min(size - 1, 255), min(size - 1, 256)]) {
            #expect(try ledger.store.entry(at: UInt64(index), treeSize: UInt64(size)) == entries[index],
                    "entry \(index) at \(size)", sourceLocation: sourceLocation)
        }
        // A range in the middle.
        if size > 10 {
            var middle: [UInt64] = []
            try ledger.store.forEachEntry(in: 3..<UInt64(size - 3), treeSize: UInt64(size)) { index, entry in
                #expect(entry == entries[Int(index)], sourceLocation: sourceLocation)
                middle.append(index)
            }
            #expect(middle == Array(3..<UInt64(size - 3)), sourceLocation: sourceLocation)
        }
    }

    /// No partial-tile directory remains next to a full tile of the same index.
    static func checkNoStalePartials(_ ledger: UnitLedger, sourceLocation: SourceLocation = #_sourceLocation) {
        let files = Set(ledger.files)
        for file in files where file.contains(".p/") {
            let full = String(file[..<file.range(of: ".p/")!.lowerBound])
            #expect(!files.contains(full), "\(file) remains although \(full) exists", sourceLocation: sourceLocation)
        }
    }

    @Test func commitsAcrossTileBoundaries() throws {
        let ledger = try UnitLedger()
        let entries = (0..<1030).map(UnitLedger.entry)
        let writer = try ledger.freshWriter()
        var committed: [Int] = []
        var written = 0
        for size in [1, 2, 255, 256, 257, 511, 512, 513, 768, 1030] {
            while written < size {
                try writer.append(entries[written])
                written += 1
            }
            #expect(try writer.rootHash() == UnitLedger.root(entries[0..<size]))
            let (checkpoint, signed) = try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
            committed.append(size)
            #expect(checkpoint.size == UInt64(size))
            #expect(checkpoint.origin == UnitLedger.origin)
            #expect(checkpoint.rootHash == (try UnitLedger.root(entries[0..<size])))
            #expect(try ledger.store.readCheckpointBytes() == signed)
            #expect(try ledger.newestCheckpoint() == checkpoint)
            // Every committed size stays readable and keeps its root.
            for earlier in committed { try Self.checkCommitted(ledger, entries: entries, size: earlier) }
            // Every checkpoint is archived and verifies against the entries.
            #expect(try ledger.store.archivedCheckpointSizes() == committed.map(UInt64.init))
            for earlier in committed {
                let archived = try SignedCheckpoint.open(try ledger.store.readArchivedCheckpoint(size: UInt64(earlier)),
                                                         verifier: ledger.verifier)
                #expect(archived.checkpoint.size == UInt64(earlier))
                #expect(archived.checkpoint.rootHash == (try UnitLedger.root(entries[0..<earlier])))
            }
            Self.checkNoStalePartials(ledger)
            #expect(try ledger.store.tail(treeSize: UInt64(size)) == LedgerStore.Tail(entries: 0, files: []))
        }
        // The layout the tlog-tiles spec gives for 1030 entries.
        let files = Set(ledger.files)
        for expected in ["checkpoint", "tile/0/000", "tile/0/001", "tile/0/002", "tile/0/003", "tile/0/004.p/6",
                         "tile/1/000.p/4", "tile/entries/000", "tile/entries/003", "tile/entries/004.p/6",
                         "checkpoints/1030", "checkpoints/1"] {
            #expect(files.contains(expected), "\(expected) missing")
        }
        #expect(!files.contains("tile/0/000.p/255"))
        #expect(!files.contains("tile/entries/001.p/255"))
        #expect(try UnitFiles.read(ledger.path("tile/0/004.p/6")).count == 6 * 32)
    }

    @Test func oneCommitOfManyEntries() throws {
        let ledger = try UnitLedger()
        let entries = (0..<700).map(UnitLedger.entry)
        let writer = try ledger.freshWriter()
        for entry in entries { try writer.append(entry) }
        try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
        try Self.checkCommitted(ledger, entries: entries, size: 700)
        Self.checkNoStalePartials(ledger)
        // One batch never writes the partial versions of tiles it completed.
        #expect(!ledger.files.contains { $0.hasPrefix("tile/0/000.p") || $0.hasPrefix("tile/entries/001.p") })
    }

    /// Level 2 needs 65536 entries; with tiny entries this stays around a second or two.
    @Test func threeTileLevels() throws {
        let ledger = try UnitLedger()
        let count = 65_536 + 3
        let entries = (0..<count).map { index in [UInt8(truncatingIfNeeded: index), UInt8(truncatingIfNeeded: index >> 8),
                                                  UInt8(truncatingIfNeeded: index >> 16)] }
        let writer = try ledger.freshWriter()
        var written = 0
        var committed: [Int] = []
        for size in [300, 65_535, 65_536, count] {
            while written < size {
                try writer.append(entries[written])
                written += 1
            }
            try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
            committed.append(size)
        }
        let leafHashes = try entries.map { try Merkle.leafHash($0) }
        for size in committed {
            #expect(try ledger.store.rootHash(treeSize: UInt64(size)) == Merkle.root(leafHashes: leafHashes[0..<size]),
                    "root at \(size)")
        }
        var read = 0
        var same = true
        try ledger.store.forEachEntry(in: 0..<UInt64(count), treeSize: UInt64(count)) { index, entry in
            same = same && entry == entries[Int(index)] && index == UInt64(read)
            read += 1
        }
        #expect(read == count)
        #expect(same)
        let files = Set(ledger.files)
        for expected in ["tile/2/000.p/1", "tile/1/000", "tile/0/255", "tile/0/256.p/3", "tile/entries/256.p/3"] {
            #expect(files.contains(expected), "\(expected) missing")
        }
        #expect(!files.contains("tile/1/000.p/255"))
        Self.checkNoStalePartials(ledger)
        // A writer reopened at the checkpoint reproduces the root from the edge tiles.
        let reopened = try ledger.reopenedWriter()
        #expect(try reopened.rootHash() == Merkle.root(leafHashes: leafHashes))
        #expect(reopened.size == UInt64(count))
    }

    @Test func reopenedWriterContinuesTheLog() throws {
        let ledger = try UnitLedger()
        let entries = (0..<600).map(UnitLedger.entry)
        var writer = try ledger.freshWriter()
        var written = 0
        for size in [5, 256, 300, 512, 600] {
            while written < size {
                try writer.append(entries[written])
                written += 1
            }
            try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
            // A new command: a new writer from the checkpoint.
            writer = try ledger.reopenedWriter()
            #expect(writer.size == UInt64(size))
            #expect(try writer.rootHash() == UnitLedger.root(entries[0..<size]))
            #expect(try writer.lastEntry() == entries[size - 1])
        }
        try Self.checkCommitted(ledger, entries: entries, size: 600)
        #expect(try ledger.store.archivedCheckpointSizes() == [5, 256, 300, 512, 600])
    }

    @Test func writerRefusesAWrongRoot() throws {
        let ledger = try UnitLedger()
        let writer = try ledger.freshWriter()
        for index in 0..<10 { try writer.append(UnitLedger.entry(index)) }
        try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
        #expect(throws: EvidenceError.self) {
            try LedgerWriter(store: ledger.store, checkpointSize: 10, checkpointRoot: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: (any Error).self) {
            try LedgerWriter(store: ledger.store, checkpointSize: 11, checkpointRoot: try UnitLedger.root((0..<11).map(UnitLedger.entry)[...]))
        }
    }

    /// Builds a committed ledger of `size` entries (a commit at 100 first, when larger).
    static func committedLedger(size: Int) throws -> (UnitLedger, [[UInt8]]) {
        let ledger = try UnitLedger()
        let entries = (0..<size).map(UnitLedger.entry)
        let writer = try ledger.freshWriter()
        for (index, entry) in entries.enumerated() {
            try writer.append(entry)
            if index == 99 && size > 100 { try writer.commit(origin: UnitLedger.origin, signer: ledger.signer) }
        }
        try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
        return (ledger, entries)
    }

    @Test(arguments: ["tile/0/001.p/44", "tile/1/000.p/1"])
    func writerRefusesAnAlteredEdgeHashTile(tile: String) throws {
        let (ledger, _) = try Self.committedLedger(size: 300)
        _ = try ledger.reopenedWriter()
        let path = ledger.path(tile)
        let original = try UnitFiles.read(path)
        try UnitFiles.write(path, original.unitFlipping(at: original.count - 1))
        #expect(throws: EvidenceError.self, "\(tile) altered") { try ledger.reopenedWriter() }
        try UnitFiles.write(path, Array(original.dropLast()))
        #expect(throws: (any Error).self, "\(tile) truncated") { try ledger.reopenedWriter() }
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: (any Error).self, "\(tile) removed") { try ledger.reopenedWriter() }
        try UnitFiles.write(path, original)
        _ = try ledger.reopenedWriter()
    }

    /// The right edge of the entries (the partial bundle) is part of what a writer builds
    /// on: when it fills up, the writer writes it out as a full bundle. An edited partial
    /// bundle must not be carried into the log's next tiles.
    @Test func writerRefusesAnAlteredEdgeEntryBundle() throws {
        let (ledger, entries) = try Self.committedLedger(size: 300)
        let path = ledger.path("tile/entries/001.p/44")
        var bundle = try EntryBundle.decode(try UnitFiles.read(path), expectedCount: 44)
        #expect(bundle == Array(entries[256..<300]))
        bundle[10] = Array("forged entry".utf8)
        try UnitFiles.write(path, try EntryBundle.encode(bundle))
        var refused = false
        do {
            let writer = try ledger.reopenedWriter()
            // If it does not refuse at once, it must at least not carry the forged entry forward.
            for index in 300..<600 { try writer.append(UnitLedger.entry(index)) }
            try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
            let carried = try ledger.store.entry(at: 266, treeSize: 600)
            let kept = carried == entries[266]
            #expect(kept, "the forged entry 266 was written into tile/entries/001 by the next writer")
            let verifier = LedgerVerifier(store: ledger.store, origin: UnitLedger.origin).run(trustedLogKey: ledger.verifier)
            #expect(verifier.problems.contains { $0.contains("266") })
        } catch {
            refused = true
        }
        #expect(refused, "a writer appended on top of an edited entry bundle")
    }

    // MARK: Uncommitted tail

    /// A writer that wrote its tiles but never its checkpoint (the commit failed half way,
    /// here because the signer does not match the origin) leaves an uncommitted tail.
    @Test func tailAfterAnInterruptedCommit() throws {
        let (ledger, entries) = try Self.committedLedger(size: 300)
        let before = Set(ledger.files)
        let checkpointBefore = try ledger.store.readCheckpointBytes()
        let crashed = try ledger.reopenedWriter()
        let lost = (0..<220).map { Array("lost \($0)".utf8) }
        for entry in lost { try crashed.append(entry) }
        let wrongSigner = try NoteSigner(name: "another.example/log", key: ledger.logKey)
        #expect(throws: (any Error).self) { try crashed.commit(origin: UnitLedger.origin, signer: wrongSigner) }
        #expect(try ledger.store.readCheckpointBytes() == checkpointBefore)
        // The failed writer does not go on.
        #expect(throws: (any Error).self) { try crashed.append([1]) }
        #expect(throws: (any Error).self) { try crashed.commit(origin: UnitLedger.origin, signer: ledger.signer) }

        let newFiles = Set(ledger.files).subtracting(before)
        #expect(!newFiles.isEmpty)
        let tail = try ledger.store.tail(treeSize: 300)
        #expect(tail.entries == 220)
        #expect(Set(tail.files) == newFiles, "tail lists \(tail.files.sorted()), new files are \(newFiles.sorted())")
        #expect(Set(tail.files).isSuperset(of: ["tile/entries/001", "tile/entries/002.p/8", "tile/0/001", "tile/0/002.p/8",
                                                "tile/1/000.p/2"]))
        // Readers of the committed size are unaffected.
        try Self.checkCommitted(ledger, entries: entries, size: 300)
        let verified = LedgerVerifier(store: ledger.store, origin: UnitLedger.origin).run(trustedLogKey: ledger.verifier)
        #expect(verified.uncommittedTail == 220)

        // The next writer starts from the checkpoint, and its commit removes the tail.
        let next = try ledger.reopenedWriter()
        let more = (300..<305).map(UnitLedger.entry)
        for entry in more { try next.append(entry) }
        try next.commit(origin: UnitLedger.origin, signer: ledger.signer)
        let all = Array(entries[0..<300]) + more
        try Self.checkCommitted(ledger, entries: all, size: 305)
        #expect(try ledger.store.tail(treeSize: 305).entries == 0)
        for file in tail.files { #expect(!UnitFiles.exists(ledger.path(file)), "\(file) left behind") }
    }

    @Test func tailOfAFewEntriesInsideOneTile() throws {
        let (ledger, _) = try Self.committedLedger(size: 10)
        let crashed = try ledger.reopenedWriter()
        for index in 0..<3 { try crashed.append(Array("lost \(index)".utf8)) }
        #expect(throws: (any Error).self) {
            try crashed.commit(origin: UnitLedger.origin, signer: try NoteSigner(name: "x", key: ledger.logKey))
        }
        let tail = try ledger.store.tail(treeSize: 10)
        #expect(tail.entries == 3)
        #expect(Set(tail.files) == ["tile/0/000.p/13", "tile/entries/000.p/13"])
        #expect(try ledger.store.tail(treeSize: 13).entries == 0)
    }

    @Test func tailRightAfterAFullTile() throws {
        let (ledger, entries) = try Self.committedLedger(size: 256)
        let crashed = try ledger.reopenedWriter()
        for index in 0..<10 { try crashed.append(Array("lost \(index)".utf8)) }
        let before = Set(ledger.files)
        #expect(throws: (any Error).self) {
            try crashed.commit(origin: UnitLedger.origin, signer: try NoteSigner(name: "x", key: ledger.logKey))
        }
        let tail = try ledger.store.tail(treeSize: 256)
        #expect(tail.entries == 10)
        #expect(Set(tail.files) == Set(ledger.files).subtracting(before))
        try Self.checkCommitted(ledger, entries: entries, size: 256)
    }

    /// A crash during the very first commit (no checkpoint at all yet).
    @Test func tailBeforeTheFirstCheckpoint() throws {
        let ledger = try UnitLedger()
        let crashed = try ledger.freshWriter()
        for index in 0..<300 { try crashed.append(UnitLedger.entry(index)) }
        #expect(throws: (any Error).self) {
            try crashed.commit(origin: UnitLedger.origin, signer: try NoteSigner(name: "x", key: ledger.logKey))
        }
        #expect(try ledger.store.readCheckpointBytes() == nil)
        let tail = try ledger.store.tail(treeSize: 0)
        #expect(tail.entries == 300)
        #expect(Set(tail.files) == Set(ledger.files))
        // Starting again from nothing works and leaves no trace of the tail.
        let writer = try ledger.freshWriter()
        for index in 0..<3 { try writer.append(UnitLedger.entry(1000 + index)) }
        try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
        try Self.checkCommitted(ledger, entries: (0..<3).map { UnitLedger.entry(1000 + $0) }, size: 3)
        #expect(try ledger.store.tail(treeSize: 3).entries == 0)
        #expect(!ledger.files.contains("tile/entries/000"))
        #expect(!ledger.files.contains("tile/0/000"))
    }

    @Test func noTailOnAFreshOrEmptyLedger() throws {
        let ledger = try UnitLedger()
        #expect(try ledger.store.tail(treeSize: 0) == LedgerStore.Tail(entries: 0, files: []))
        #expect(try ledger.store.readCheckpointBytes() == nil)
        #expect(try ledger.store.rootHash(treeSize: 0) == Merkle.emptyRoot())
    }

    @Test func writerRefusesOversizedAndEmptyEntries() throws {
        let ledger = try UnitLedger()
        let writer = try ledger.freshWriter()
        #expect(throws: EvidenceError.self) { try writer.append([]) }
        #expect(throws: EvidenceError.self) { try writer.append([UInt8](repeating: 1, count: 65_536)) }
        try writer.append([UInt8](repeating: 1, count: 65_535))
        #expect(throws: EvidenceError.self) { try ledger.freshWriter().commit(origin: UnitLedger.origin, signer: ledger.signer) }
    }
}
