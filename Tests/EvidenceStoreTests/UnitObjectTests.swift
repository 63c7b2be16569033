import Foundation
import Testing
@testable import EvidenceStore
#if canImport(Glibc)
import Glibc
#endif

/// ObjectWriter and ObjectReader: chunked, compressed-where-it-helps, sealed objects.
@Suite struct UnitObjectTests {
    static let chunkSize = 4096
    static let caseID = "case_01ARYZ6S41TSV4RRFFQ69G5FAV"

    static func caseKeys(caseID: String = caseID, generation: UInt32 = 1) throws -> CaseKeys {
        try CaseKeys(caseID: caseID, generation: generation, keyClass: KeyClass(classification: .official, sensitive: false),
                     key: try SecretBytes.random(count: 32))
    }

    /// Text that compresses well.
    static func text(_ count: Int) -> [UInt8] {
        let line = Array("Witness statement of J. Smith, page 1: I saw the suspect leave the premises at 02:13.\n".utf8)
        return (0..<count).map { line[$0 % line.count] }
    }

    static func random(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = UnitRNG(seed: seed)
        return rng.bytes(count)
    }

    /// Writes `data` to a source file and streams it into a staged object. `fetched`: read it
    /// as `add` reads a regular file (by offset, two reads in flight, O_DIRECT where possible).
    static func stage(_ data: [UInt8], keys: CaseKeys, in dir: UnitTempDir,
                      chunkSize: Int = chunkSize, fetched: Bool = false) throws -> ObjectWriter.Staged {
        let source = try dir.write("source-\(UUID().uuidString)", data)
        let fd = open(source, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        guard fetched else {
            return try ObjectWriter.write(source: fd, sourceName: source, directory: dir.file("objects"), keys: keys,
                                          chunkSize: chunkSize)
        }
        let direct = SourceFile.openDirect(RawPath(source))
        defer { if let direct { close(direct) } }
        return try ObjectWriter.write(source: SourceFile(buffered: fd, direct: direct, name: source),
                                      fileSize: UInt64(data.count), directory: dir.file("objects"), keys: keys,
                                      chunkSize: chunkSize)
    }

    struct ReadResult {
        var received: [UInt8] = []
        var chunks: [Int] = []
        var result: (sha256: [UInt8], size: UInt64)?
        var error: Error?
    }

    /// Reads an object, collecting what reached the consumer even when the read fails.
    static func read(_ path: String, keys: CaseKeys?, caseID: String = caseID) -> ReadResult {
        var out = ReadResult()
        do {
            out.result = try ObjectReader.read(path: path, caseID: caseID, keys: { keyID in
                keyID == keys?.keyID ? keys : nil
            }) { chunk in
                out.received += Array(chunk)
                out.chunks.append(chunk.count)
            }
        } catch {
            out.error = error
        }
        return out
    }

    /// The record boundaries of an object file: (offset of the length field, total record length).
    static func records(_ file: [UInt8]) -> [(offset: Int, length: Int)] {
        var out: [(Int, Int)] = []
        var offset = ObjectFormat.headerLength
        while offset + 4 <= file.count {
            let length = Int(UInt32(bigEndianBytes: file[offset..<(offset + 4)]))
            out.append((offset, 4 + length))
            offset += 4 + length
        }
        return out
    }

    // MARK: Round trips

    @Test(arguments: [0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize, 3 * chunkSize + 17, 9 * chunkSize],
          [false, true])
    func roundTrip(size: Int, fetched: Bool) throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        for (label, data) in [("text", Self.text(size)), ("random", Self.random(size, seed: UInt64(size)))] {
            let staged = try Self.stage(data, keys: keys, in: dir, fetched: fetched)
            #expect(staged.sha256 == (try SHA256.hash(data)), "\(label)")
            #expect(staged.size == UInt64(size))
            #expect(UnitFiles.exists(staged.temporaryPath))

            let read = Self.read(staged.temporaryPath, keys: keys)
            #expect(read.error == nil, "\(label) \(size): \(String(describing: read.error))")
            #expect(read.received == data, "\(label) \(size)")
            #expect(read.result?.sha256 == staged.sha256)
            #expect(read.result?.size == UInt64(size))
            // Chunks reach the consumer whole: full chunks, then the remainder.
            #expect(read.chunks.dropLast().allSatisfy { $0 == Self.chunkSize }, "\(read.chunks)")

            let digest = try ObjectReader.ciphertextDigest(path: staged.temporaryPath)
            let fileBytes = try UnitFiles.read(staged.temporaryPath)
            #expect(digest.sha256 == staged.ciphertextSHA256)
            #expect(digest.size == staged.ciphertextSize)
            #expect(digest.size == UInt64(fileBytes.count))
            #expect(try SHA256.hash(fileBytes) == staged.ciphertextSHA256)
            #expect(Array(fileBytes.prefix(8)) == Array("EVIDOBJ".utf8) + [0])

            // The number of records: one per full chunk, plus the last (an empty file is one empty chunk).
            let expectedChunks = max(1, (size + Self.chunkSize - 1) / Self.chunkSize)
            #expect(Self.records(fileBytes).count == expectedChunks, "\(label) \(size)")

            // Incompressible data is stored: header, and per chunk 4 + 1 + data + 16.
            if label == "random" {
                #expect(staged.ciphertextSize == UInt64(ObjectFormat.headerLength + expectedChunks * 21 + size))
            }
            // The plaintext appears nowhere in the file.
            if size >= 64 {
                let probe = Array(data[(size / 2)..<(size / 2 + 32)])
                #expect(!fileBytes.indices.dropLast(31).contains { Array(fileBytes[$0..<($0 + 32)]) == probe })
            }
        }
    }

    /// Objects of several output segments (`ObjectFileOutput`), with records that straddle
    /// segment boundaries and files that end exactly on one: random data of 64 KiB chunks
    /// makes a file of 80 + 21 × chunks + size bytes, so 2,096,400 bytes fill two segments.
    @Test(arguments: [2_096_399, 2_096_400, 2_096_401, 3 * 1_048_576 + 12_345])
    func objectsSpanningSeveralOutputSegments(size: Int) throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(size, seed: UInt64(size))
        for (chunkSize, fetched) in [(65_536, true), (65_536, false), (Self.chunkSize + 1_000, false)] {
            let staged = try Self.stage(data, keys: keys, in: dir, chunkSize: chunkSize, fetched: fetched)
            let read = Self.read(staged.temporaryPath, keys: keys)
            #expect(read.error == nil, "\(size) \(chunkSize): \(String(describing: read.error))")
            #expect(read.received == data, "\(size) \(chunkSize)")
            let fileBytes = try UnitFiles.read(staged.temporaryPath)
            let chunks = (size + chunkSize - 1) / chunkSize
            #expect(fileBytes.count == ObjectFormat.headerLength + 21 * chunks + size)
            #expect(staged.ciphertextSize == UInt64(fileBytes.count))
            #expect(try SHA256.hash(fileBytes) == staged.ciphertextSHA256)
            #expect(Self.records(fileBytes).count == chunks)
        }
    }

    @Test func compressibleDataIsStoredSmaller() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.text(10 * Self.chunkSize)
        let staged = try Self.stage(data, keys: keys, in: dir)
        #expect(staged.ciphertextSize < UInt64(data.count / 2), "\(staged.ciphertextSize) bytes for \(data.count)")
        #expect(Self.read(staged.temporaryPath, keys: keys).received == data)

        // Random data is never made bigger than stored chunks by compression.
        let noise = Self.random(10 * Self.chunkSize, seed: 99)
        let stored = try Self.stage(noise, keys: keys, in: dir)
        #expect(stored.ciphertextSize == UInt64(ObjectFormat.headerLength + 10 * 21 + noise.count))

        // Mixed: compressible chunks shrink, random ones stay stored, all read back.
        let mixed = Self.text(Self.chunkSize) + Self.random(Self.chunkSize, seed: 5) + Self.text(Self.chunkSize + 10)
        let mixedStaged = try Self.stage(mixed, keys: keys, in: dir)
        #expect(mixedStaged.ciphertextSize < UInt64(mixed.count))
        #expect(Self.read(mixedStaged.temporaryPath, keys: keys).received == mixed)
    }

    @Test func sameContentGivesDifferentCiphertext() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.text(5000)
        let a = try Self.stage(data, keys: keys, in: dir)
        let b = try Self.stage(data, keys: keys, in: dir)
        #expect(a.sha256 == b.sha256)
        #expect(a.ciphertextSHA256 != b.ciphertextSHA256, "a fresh data key for every write")
        #expect(a.temporaryPath != b.temporaryPath)
    }

    @Test func largerChunkSizeAndCommit() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(70_000, seed: 7)
        let staged = try Self.stage(data, keys: keys, in: dir, chunkSize: 65_536)
        let final = dir.file("objects/ab/final")
        try staged.commit(to: final)
        #expect(!UnitFiles.exists(staged.temporaryPath))
        #expect(Self.read(final, keys: keys).received == data)
        let other = try Self.stage(data, keys: keys, in: dir)
        other.discard()
        #expect(!UnitFiles.exists(other.temporaryPath))
    }

    /// A source that delivers its bytes in small, uneven pieces (a pipe) still gives full
    /// chunks: only the last may be short.
    @Test func shortReadsStillFillWholeChunks() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(5 * Self.chunkSize + 123, seed: 14)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writerFD = fds[1]
        let feeder = Thread {
            var offset = 0
            var piece = 1
            while offset < data.count {
                let count = min(piece, data.count - offset)
                let written = data[offset..<(offset + count)].withUnsafeBytes { write(writerFD, $0.baseAddress, count) }
                if written <= 0 { break }
                offset += written
                piece = piece * 3 % 1777 + 1
                if piece % 5 == 0 { usleep(100) }
            }
            close(writerFD)
        }
        feeder.start()
        defer { close(fds[0]) }
        let staged = try ObjectWriter.write(source: fds[0], sourceName: "pipe", directory: dir.file("objects"), keys: keys,
                                            chunkSize: Self.chunkSize)
        #expect(staged.size == UInt64(data.count))
        #expect(staged.sha256 == (try SHA256.hash(data)))
        let read = Self.read(staged.temporaryPath, keys: keys)
        #expect(read.received == data)
        #expect(read.chunks == [Int](repeating: Self.chunkSize, count: 5) + [123])
    }

    /// A file that is shorter than its size said when it is read is stored as read: the object
    /// holds exactly the bytes hashed, ending in a proper final chunk.
    @Test(arguments: [2 * chunkSize, 2 * chunkSize + 5, chunkSize + 1])
    func fetchedFileShorterThanItsSize(size: Int) throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(size, seed: 7)
        let source = try dir.write("source", data)
        let fd = open(source, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let staged = try ObjectWriter.write(source: SourceFile(buffered: fd, direct: nil, name: source),
                                            fileSize: UInt64(size + 3 * Self.chunkSize), directory: dir.file("objects"),
                                            keys: keys, chunkSize: Self.chunkSize)
        #expect(staged.size == UInt64(size))
        #expect(staged.sha256 == (try SHA256.hash(data)))
        let read = Self.read(staged.temporaryPath, keys: keys)
        #expect(read.error == nil)
        #expect(read.received == data)
    }

    /// A source that fails to read leaves no object file behind, also when it is read two
    /// chunks at a time (both reads stop).
    @Test(arguments: [false, true])
    func unreadableSourceLeavesNothing(fetched: Bool) throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let folder = dir.file("a-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = open(folder, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let error = #expect(throws: EvidenceError.self) {
            if fetched {
                try ObjectWriter.write(source: SourceFile(buffered: fd, direct: nil, name: folder),
                                       fileSize: UInt64(5 * Self.chunkSize), directory: dir.file("objects"), keys: keys,
                                       chunkSize: Self.chunkSize)
            } else {
                try ObjectWriter.write(source: fd, sourceName: folder, directory: dir.file("objects"), keys: keys,
                                       chunkSize: Self.chunkSize)
            }
        }
        #expect(error?.kind == .io)
        #expect(UnitFiles.listRecursively(dir.file("objects")).isEmpty)
    }

    @Test func objectNamesAreKeyedPerCase() throws {
        let digest = try SHA256.hash(Array("exhibit".utf8))
        let a = try Self.caseKeys()
        let b = try Self.caseKeys()
        let nameA = try a.objectName(forSHA256: digest)
        #expect(nameA.utf8.count == 64)
        #expect(Hex.decodeCanonical(nameA, count: 32) != nil)
        #expect(nameA == (try a.objectName(forSHA256: digest)))
        #expect(nameA != (try b.objectName(forSHA256: digest)))
        #expect(nameA != Hex.encode(digest))
    }

    // MARK: Tampering

    /// Reads a tampered object: it must fail with ObjectIntegrityError, and the consumer may
    /// only have seen whole chunks of the original that precede `firstBadChunk`.
    static func expectIntegrityFailure(_ bytes: [UInt8], keys: CaseKeys, in dir: UnitTempDir, original: [UInt8],
                                       firstBadChunk: Int, _ what: String,
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try dir.write("tampered-\(UUID().uuidString)", bytes)
        let read = Self.read(path, keys: keys)
        #expect(read.error is ObjectIntegrityError, "\(what): \(String(describing: read.error))",
                sourceLocation: sourceLocation)
        #expect(read.result == nil, "\(what): a tampered object read as complete", sourceLocation: sourceLocation)
        #expect(read.received.count <= firstBadChunk * chunkSize,
                "\(what): \(read.received.count) bytes reached the consumer", sourceLocation: sourceLocation)
        #expect(read.received == Array(original.prefix(read.received.count)), "\(what): altered plaintext released",
                sourceLocation: sourceLocation)
        #expect(read.chunks.allSatisfy { $0 == chunkSize }, "\(what)", sourceLocation: sourceLocation)
    }

    @Test func everyHeaderByteIsAuthenticated() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(2 * Self.chunkSize + 5, seed: 1)
        let file = try UnitFiles.read(try Self.stage(data, keys: keys, in: dir).temporaryPath)
        for index in 0..<ObjectFormat.headerLength {
            for mask: UInt8 in [0x01, 0x80] {
                try Self.expectIntegrityFailure(file.unitFlipping(at: index, mask: mask), keys: keys, in: dir,
                                                original: data, firstBadChunk: 0, "header byte \(index) ^ \(mask)")
            }
        }
    }

    @Test(arguments: ["text", "random"])
    func everyChunkByteIsAuthenticated(kind: String) throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = kind == "text" ? Self.text(3 * Self.chunkSize + 100) : Self.random(3 * Self.chunkSize + 100, seed: 2)
        let file = try UnitFiles.read(try Self.stage(data, keys: keys, in: dir).temporaryPath)
        let records = Self.records(file)
        #expect(records.count == 4)
        #expect(records.last.map { $0.offset + $0.length } == file.count)
        for (chunk, record) in records.enumerated() {
            // Length field, first and last bytes of the ciphertext, and the tag.
            var positions = Set([0, 1, 2, 3, 4, 5, record.length / 2, record.length - 17, record.length - 16,
                                 record.length - 1])
            // A sample of the rest.
            positions.formUnion(stride(from: 6, to: record.length, by: max(1, record.length / 40)))
            for position in positions.sorted() {
                try Self.expectIntegrityFailure(file.unitFlipping(at: record.offset + position), keys: keys, in: dir,
                                                original: data, firstBadChunk: chunk,
                                                "\(kind) chunk \(chunk) byte \(position)")
            }
        }
    }

    @Test func truncationIsDetected() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        for data in [Self.random(3 * Self.chunkSize, seed: 3), Self.text(3 * Self.chunkSize + 1)] {
            let file = try UnitFiles.read(try Self.stage(data, keys: keys, in: dir).temporaryPath)
            let records = Self.records(file)
            // At each chunk boundary: the remaining chunks read fine, but the new last one is not final.
            for (index, record) in records.enumerated() {
                try Self.expectIntegrityFailure(Array(file.prefix(record.offset)), keys: keys, in: dir, original: data,
                                                firstBadChunk: max(0, index - 1), "cut before chunk \(index)")
                // Mid-chunk.
                for cut in [1, 3, 4, 5, record.length / 2, record.length - 1] {
                    try Self.expectIntegrityFailure(Array(file.prefix(record.offset + cut)), keys: keys, in: dir,
                                                    original: data, firstBadChunk: index,
                                                    "cut \(cut) bytes into chunk \(index)")
                }
            }
            // Inside the header, and nothing at all.
            for cut in [0, 1, 8, 12, 79] {
                try Self.expectIntegrityFailure(Array(file.prefix(cut)), keys: keys, in: dir, original: data,
                                                firstBadChunk: 0, "cut at byte \(cut)")
            }
        }
    }

    @Test func droppingTheFinalChunkNeverYieldsAShorterFile() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        // A file of exactly two chunks: dropping the second leaves one full, valid-looking chunk.
        let data = Self.random(2 * Self.chunkSize, seed: 4)
        let file = try UnitFiles.read(try Self.stage(data, keys: keys, in: dir).temporaryPath)
        let records = Self.records(file)
        #expect(records.count == 2)
        let read = Self.read(try dir.write("short", Array(file.prefix(records[1].offset))), keys: keys)
        #expect(read.error is ObjectIntegrityError)
        #expect(read.result == nil)
        #expect(read.received.isEmpty)
    }

    @Test func reorderedDuplicatedOrAppendedChunksAreDetected() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(3 * Self.chunkSize + 10, seed: 5)
        let file = try UnitFiles.read(try Self.stage(data, keys: keys, in: dir).temporaryPath)
        let records = Self.records(file)
        func record(_ index: Int) -> [UInt8] { Array(file[records[index].offset..<(records[index].offset + records[index].length)]) }
        let header = Array(file.prefix(ObjectFormat.headerLength))

        try Self.expectIntegrityFailure(header + record(1) + record(0) + record(2) + record(3), keys: keys, in: dir,
                                        original: data, firstBadChunk: 0, "chunks 0 and 1 swapped")
        try Self.expectIntegrityFailure(header + record(0) + record(2) + record(1) + record(3), keys: keys, in: dir,
                                        original: data, firstBadChunk: 1, "chunks 1 and 2 swapped")
        try Self.expectIntegrityFailure(header + record(0) + record(1) + record(1) + record(2) + record(3), keys: keys,
                                        in: dir, original: data, firstBadChunk: 2, "chunk 1 duplicated")
        try Self.expectIntegrityFailure(header + record(0) + record(2) + record(3), keys: keys, in: dir, original: data,
                                        firstBadChunk: 1, "chunk 1 removed")
        try Self.expectIntegrityFailure(file + record(3), keys: keys, in: dir, original: data, firstBadChunk: 3,
                                        "final chunk appended again")
        try Self.expectIntegrityFailure(file + record(1), keys: keys, in: dir, original: data, firstBadChunk: 3,
                                        "middle chunk appended")
        try Self.expectIntegrityFailure(file + [0, 0, 0, 0], keys: keys, in: dir, original: data, firstBadChunk: 3,
                                        "empty record appended")
        try Self.expectIntegrityFailure(file + [0], keys: keys, in: dir, original: data, firstBadChunk: 3,
                                        "one byte appended")

        // A chunk taken from another object of the same case (another data key) does not fit.
        let otherData = Self.random(3 * Self.chunkSize + 10, seed: 6)
        let other = try UnitFiles.read(try Self.stage(otherData, keys: keys, in: dir).temporaryPath)
        let otherRecords = Self.records(other)
        let foreign = Array(other[otherRecords[1].offset..<(otherRecords[1].offset + otherRecords[1].length)])
        try Self.expectIntegrityFailure(header + record(0) + foreign + record(2) + record(3), keys: keys, in: dir,
                                        original: data, firstBadChunk: 1, "chunk from another object")
        // Another object's header (its own wrapped data key) in front of these chunks.
        try Self.expectIntegrityFailure(Array(other.prefix(ObjectFormat.headerLength)) + Array(file.dropFirst(ObjectFormat.headerLength)),
                                        keys: keys, in: dir, original: data, firstBadChunk: 0, "header of another object")
    }

    @Test func impossibleRecordLengthsAreDetected() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(2 * Self.chunkSize + 3, seed: 8)
        let file = try UnitFiles.read(try Self.stage(data, keys: keys, in: dir).temporaryPath)
        let records = Self.records(file)
        for (index, record) in records.enumerated() {
            for length: UInt32 in [0, 1, 16, 0x7FFF_FFFF, 0xFFFF_FFFF, UInt32(ObjectFormat.maxRecordLength(chunkSize: Self.chunkSize) + 1),
                                   UInt32(record.length - 4 - 1), UInt32(record.length - 4 + 1)] {
                var tampered = file
                for (position, byte) in length.bigEndianBytes.enumerated() { tampered[record.offset + position] = byte }
                try Self.expectIntegrityFailure(tampered, keys: keys, in: dir, original: data, firstBadChunk: index,
                                                "chunk \(index) length \(length)")
            }
        }
    }

    @Test func wrongKeysAreRefused() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.text(Self.chunkSize + 1)
        let path = try Self.stage(data, keys: keys, in: dir).temporaryPath
        for (label, read) in [
            ("another case key", Self.read(path, keys: try Self.caseKeys())),
            ("no key for the generation", Self.read(path, keys: nil)),
            ("another generation's keys", Self.read(path, keys: try Self.caseKeys(generation: 2))),
            ("another case id", Self.read(path, keys: keys, caseID: "case_01ARYZ6S41TSV4RRFFQ69G5FAW")),
        ] {
            #expect(read.error is ObjectIntegrityError, "\(label): \(String(describing: read.error))")
            #expect(read.received.isEmpty, "\(label)")
        }
        // The right keys still work.
        #expect(Self.read(path, keys: keys).received == data)
    }

    @Test func missingAndForeignFiles() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        #expect(Self.read(dir.file("absent"), keys: keys).error is ObjectIntegrityError)
        #expect(throws: ObjectIntegrityError.self) { try ObjectReader.ciphertextDigest(path: dir.file("absent")) }
        for bytes in [[UInt8](), Self.text(200), Self.random(5000, seed: 9)] {
            let read = Self.read(try dir.write("foreign-\(bytes.count)", bytes), keys: keys)
            #expect(read.error is ObjectIntegrityError, "\(bytes.count): \(String(describing: read.error))")
            #expect(read.received.isEmpty)
        }
    }

    @Test func consumerErrorsStopTheRead() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let path = try Self.stage(Self.random(5 * Self.chunkSize, seed: 10), keys: keys, in: dir).temporaryPath
        struct Stop: Error {}
        var calls = 0
        #expect(throws: Stop.self) {
            try ObjectReader.read(path: path, caseID: Self.caseID, keys: { _ in keys }) { _ in
                calls += 1
                if calls == 2 { throw Stop() }
            }
        }
        #expect(calls == 2)
    }

    // MARK: Hand-made objects (a second implementation of the format, with the data key)

    /// Opens the data key of an object the test wrote, to craft chunks a writer never would.
    static func dataKey(of file: [UInt8], keys: CaseKeys) throws -> SecretBytes {
        try AESGCM.openSecret(key: keys.dataKeyWrapKey, nonce: Array(file[20..<32]),
                              aad: Array(file[0..<32]) + Array(caseID.utf8), sealed: Array(file[32..<80]))
    }

    static func record(_ plaintext: [UInt8], index: UInt64, final: Bool, dataKey: SecretBytes) throws -> [UInt8] {
        let sealed = try AESGCM.seal(key: dataKey, nonce: [0, 0, 0, 0] + index.bigEndianBytes,
                                     aad: Array("EVIDOBJ".utf8) + [0, 0, 1] + index.bigEndianBytes + [final ? 1 : 0],
                                     plaintext: plaintext)
        return UInt32(sealed.count).bigEndianBytes + sealed
    }

    static func zlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        let size = data.withUnsafeBytes { Compression.compress($0, into: &out) }!
        return Array(out.prefix(size))
    }

    @Test func handMadeObjectsFollowTheDocumentedFormat() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let file = try UnitFiles.read(try Self.stage([1], keys: keys, in: dir).temporaryPath)
        let header = Array(file.prefix(ObjectFormat.headerLength))
        #expect(Array(header[8..<12]) == [0, 1, 0, 80])
        #expect(Array(header[12..<16]) == UInt32(Self.chunkSize).bigEndianBytes)
        // The key id: class 1 (OFFICIAL, not sensitive) << 24 | generation 1.
        #expect(Array(header[16..<20]) == [1, 0, 0, 1])
        let dataKey = try Self.dataKey(of: file, keys: keys)

        // One stored chunk and one zlib chunk, written by hand, read back.
        let first = Self.random(Self.chunkSize, seed: 11)
        let second = Self.text(1000)
        let object = header + (try Self.record([0] + first, index: 0, final: false, dataKey: dataKey))
            + (try Self.record([1] + Self.zlib(second), index: 1, final: true, dataKey: dataKey))
        let read = Self.read(try dir.write("handmade", object), keys: keys)
        #expect(read.error == nil, "\(String(describing: read.error))")
        #expect(read.received == first + second)
        #expect(read.result?.sha256 == (try SHA256.hash(first + second)))
    }

    /// Decompression is bounded by the chunk size: a small record that inflates to far more
    /// than a chunk is an integrity error, never a large allocation or a crash.
    @Test func zlibBombsAreRefused() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let file = try UnitFiles.read(try Self.stage([1], keys: keys, in: dir).temporaryPath)
        let header = Array(file.prefix(ObjectFormat.headerLength))
        let dataKey = try Self.dataKey(of: file, keys: keys)

        // 768 KiB of zeros (192 chunks' worth) deflate to a record that fits the chunk size.
        let bomb = Self.zlib([UInt8](repeating: 0, count: 768 << 10))
        #expect(bomb.count < Self.chunkSize, "the bomb fits one record: \(bomb.count) bytes")
        for final in [true, false] {
            var object = header + (try Self.record([1] + bomb, index: 0, final: final, dataKey: dataKey))
            if !final { object += try Self.record([0], index: 1, final: true, dataKey: dataKey) }
            try Self.expectIntegrityFailure(object, keys: keys, in: dir, original: [], firstBadChunk: 0,
                                            "bomb, final \(final)")
        }
        // One byte more than a chunk is already too much.
        let justOver = Self.zlib(Self.text(Self.chunkSize + 1))
        try Self.expectIntegrityFailure(header + (try Self.record([1] + justOver, index: 0, final: true, dataKey: dataKey)),
                                        keys: keys, in: dir, original: [], firstBadChunk: 0, "chunk size + 1")
        // Exactly a chunk is fine.
        let exact = Self.text(Self.chunkSize)
        let read = Self.read(try dir.write("exact", header + (try Self.record([1] + Self.zlib(exact), index: 0, final: true,
                                                                                  dataKey: dataKey))), keys: keys)
        #expect(read.received == exact)
    }

    @Test func malformedChunkContentsAreRefused() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let file = try UnitFiles.read(try Self.stage([1], keys: keys, in: dir).temporaryPath)
        let header = Array(file.prefix(ObjectFormat.headerLength))
        let dataKey = try Self.dataKey(of: file, keys: keys)
        let full = Self.random(Self.chunkSize, seed: 12)
        let cases: [(String, [UInt8])] = [
            ("unknown encoding", try Self.record([2] + full, index: 0, final: true, dataKey: dataKey)),
            ("empty plaintext", try Self.record([], index: 0, final: true, dataKey: dataKey)),
            ("short non-final chunk", try Self.record([0] + full.dropLast(), index: 0, final: false, dataKey: dataKey)
                + (try Self.record([0, 1], index: 1, final: true, dataKey: dataKey))),
            ("short zlib non-final chunk", try Self.record([1] + Self.zlib(Self.text(100)), index: 0, final: false,
                                                           dataKey: dataKey)
                + (try Self.record([0, 1], index: 1, final: true, dataKey: dataKey))),
            ("corrupt zlib stream", try Self.record([1, 0x78, 0x01, 0xFF, 0xFF, 0xFF], index: 0, final: true,
                                                    dataKey: dataKey)),
            ("wrong index", try Self.record([0, 1], index: 1, final: true, dataKey: dataKey)),
            ("final flag missing", try Self.record([0, 1], index: 0, final: false, dataKey: dataKey)),
            ("stored chunk larger than the chunk size", try Self.record([0] + full + [7], index: 0, final: true,
                                                                        dataKey: dataKey)),
        ]
        for (label, body) in cases {
            try Self.expectIntegrityFailure(header + body, keys: keys, in: dir, original: full, firstBadChunk: 0, "\(label)")
        }
    }

    @Test func tamperedChunkSizeInTheHeaderIsRefused() throws {
        let dir = try UnitTempDir("objects")
        defer { dir.remove() }
        let keys = try Self.caseKeys()
        let data = Self.random(Self.chunkSize * 2, seed: 13)
        let file = try UnitFiles.read(try Self.stage(data, keys: keys, in: dir).temporaryPath)
        for size: UInt32 in [0, 1, 4095, 8192, 16 << 20, (16 << 20) + 1, .max] {
            var tampered = file
            for (position, byte) in size.bigEndianBytes.enumerated() { tampered[12 + position] = byte }
            try Self.expectIntegrityFailure(tampered, keys: keys, in: dir, original: data, firstBadChunk: 0,
                                            "chunk size \(size)")
        }
    }
}
