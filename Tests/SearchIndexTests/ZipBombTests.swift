import Foundation
import Testing
@testable import SearchIndex

/// Hostile and broken archives end in a `ZipError`, quickly and without large allocations.
@Suite(.enabled(if: ZipTestTools.hasPython, "python3 is absent: ZIP bomb tests not run"))
struct ZipBombTests {
    /// Makes an archive with Python and returns its bytes.
    static func archive(_ body: String) throws -> [UInt8] {
        let directory = try ZipTestTools.temporaryDirectory("zip-bomb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bomb.zip").path
        try ZipTestTools.python("import io, struct, sys, zipfile, zlib\npath = sys.argv[1]\n" + body, [path])
        return try ZipTestTools.bytes(URL(fileURLWithPath: path))
    }

    /// Offsets in an archive Python wrote with one entry and no comments.
    static func centralDirectoryOffset(_ bytes: [UInt8]) -> Int {
        let end = bytes.count - 22
        return Int(bytes[end + 16]) | Int(bytes[end + 17]) << 8 | Int(bytes[end + 18]) << 16 | Int(bytes[end + 19]) << 24
    }

    static func patch32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
    }

    /// 42.zip in miniature: an archive of archives of a highly compressible file. Each level
    /// is only bytes to the next; no level is opened by itself, and opening the innermost
    /// entry by hand runs into the ratio limit.
    @Test func nestedArchivesAreNotFollowedAndTheRatioStopsTheCore() throws {
        let bytes = try Self.archive("""
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("0.txt", bytes(32 << 20))
        level = inner.getvalue()
        for depth in range(3):
            outer = io.BytesIO()
            with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
                for i in range(16):
                    z.writestr(f"{depth}-{i}.zip", level)
            level = outer.getvalue()
        open(path, "wb").write(level)
        """)
        let start = Date()
        var level = try ZipArchive(bytes)
        #expect(level.entries.count == 16)
        // Walk down by hand, as nothing in the extractors does.
        for _ in 0..<3 {
            let first = try #require(level.entries.first)
            level = try ZipArchive(try level.read(first))
        }
        let core = try #require(level.entries.first)
        #expect(core.uncompressedSize == 32 << 20)
        #expect(throws: ZipError.self) { try level.read(core) }
        #expect(level.expandedBytes == 0)
        // The office extractor sees a ZIP that is not an office document and stops there.
        #expect(OfficeExtractor.extract(bytes, name: "42.zip", limits: ExtractionLimits()).outcome == .unsupported)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func highRatioEntryIsRefusedBeforeInflating() throws {
        let bytes = try Self.archive("""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("zeros", bytes(200 << 20))
        """)
        var archive = try ZipArchive(bytes)
        let entry = try #require(archive.entries.first)
        #expect(entry.uncompressedSize / entry.compressedSize > 200)
        do {
            _ = try archive.read(entry)
            Issue.record("a 1000:1 entry was expanded")
        } catch {
            guard case .limitExceeded = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(archive.expandedBytes == 0)
    }

    @Test func totalExpansionBudgetIsShared() throws {
        let bytes = try Self.archive("""
        import random
        random.seed(1)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(8):
                z.writestr(f"part{i}", bytes(random.getrandbits(8) for _ in range(200000)))
        """)
        var limits = ExtractionLimits()
        limits.maxExpandedBytes = 1 << 20
        var archive = try ZipArchive(bytes, limits: limits)
        var read = 0
        var refused = false
        for entry in archive.entries {
            do {
                _ = try archive.read(entry)
                read += 1
            } catch {
                guard case .limitExceeded = error else { Issue.record("unexpected \(error)"); return }
                refused = true
            }
        }
        #expect(read == 5 && refused)
        #expect(archive.expandedBytes <= limits.maxExpandedBytes)
    }

    @Test func hugeDeclaredSizesCostNothing() throws {
        let original = try Self.archive("""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("a.txt", b"hello hello hello " * 1000)
        """)
        let directory = Self.centralDirectoryOffset(original)
        // Declared expanded size 4 GiB - 1: over the 512 MiB budget, refused unread.
        var huge = original
        Self.patch32(&huge, at: directory + 24, 0xFFFF_FFF0)
        var archive = try ZipArchive(huge)
        let entry = try #require(archive.entries.first)
        #expect(throws: ZipError.self) { try archive.read(entry) }
        // Declared smaller than the stream: stops at the declared size.
        var small = original
        Self.patch32(&small, at: directory + 24, 100)
        archive = try ZipArchive(small)
        #expect(throws: ZipError.malformed("a.txt expands past its declared size")) { try archive.read(archive.entries[0]) }
        // Declared compressed size beyond the file: refused when the archive is opened.
        var beyond = original
        Self.patch32(&beyond, at: directory + 20, 0x7FFF_FFFF)
        #expect(throws: ZipError.self) { try ZipArchive(beyond) }
        // Larger than the ZIP64 field allows in an Int: refused, not trapped.
        var saturated = original
        Self.patch32(&saturated, at: directory + 24, 0xFFFF_FFFF)
        #expect((try? ZipArchive(saturated)) != nil)
    }

    /// David Fifield's "better zip bomb": central directory entries that share one local
    /// file, so a small archive expands many times over. Overlap is refused when opening.
    @Test func overlappingEntriesAreRefused() throws {
        let bytes = try Self.archive("""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("kernel", bytes(1 << 20))
        data = buffer.getvalue()
        eocd = data.rfind(b"PK\\x05\\x06")
        count, cd_size, cd_offset = struct.unpack("<HII", data[eocd + 10:eocd + 20])
        central = data[cd_offset:cd_offset + cd_size]
        copies = b"".join(central.replace(b"kernel", f"copy{i:02d}".encode()) for i in range(20))
        end = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 20, 20, len(copies), cd_offset, 0)
        open(path, "wb").write(data[:cd_offset] + copies + end)
        """)
        do {
            _ = try ZipArchive(bytes)
            Issue.record("overlapping entries were accepted")
        } catch {
            #expect(error.description.contains("overlap"))
        }
    }

    @Test func truncatedAndInconsistentCentralDirectories() throws {
        let original = try Self.archive("""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(10):
                z.writestr(f"file{i}.txt", f"content {i} " * 100)
        """)
        let directory = Self.centralDirectoryOffset(original)
        let end = original.count - 22
        // Cut anywhere in the central directory or the end record: no end record, or a
        // directory that does not fit.
        for cut in stride(from: directory, to: original.count, by: 7) {
            #expect(throws: ZipError.self) { try ZipArchive(Array(original[..<cut])) }
        }
        // The end record declares more entries than the directory holds.
        var more = original
        more[end + 10] = 11
        more[end + 8] = 11
        #expect(throws: ZipError.self) { try ZipArchive(more) }
        // The directory size is wrong.
        var size = original
        Self.patch32(&size, at: end + 12, UInt32(original.count))
        #expect(throws: ZipError.self) { try ZipArchive(size) }
        // A central entry's signature is damaged.
        var signature = original
        signature[directory + 46 + 9 + 1] ^= 0xFF
        #expect(throws: ZipError.self) { try ZipArchive(signature) }
    }

    @Test func badChecksumAndDamagedDeflateData() throws {
        let original = try Self.archive("""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("a.txt", "evidence " * 500)
        """)
        let directory = Self.centralDirectoryOffset(original)
        var crc = original
        crc[directory + 16] ^= 0x01
        var archive = try ZipArchive(crc)
        #expect(throws: ZipError.checksumMismatch("a.txt")) { try archive.read(archive.entries[0]) }
        #expect(archive.expandedBytes == 0)
        // Every single-byte change to the compressed data is caught (by zlib or the CRC).
        let dataStart = 30 + 5
        for offset in dataStart..<(directory - 1) {
            var damaged = original
            damaged[offset] ^= 0x55
            var copy = try ZipArchive(damaged)
            #expect(throws: ZipError.self) { try copy.read(copy.entries[0]) }
        }
    }

    @Test func overlongNamesAreRefused() throws {
        let bytes = try Self.archive("""
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("n" * 5000, b"x")
        """)
        #expect(throws: ZipError.nameTooLong(length: 5000, limit: ZipArchive.defaultMaxNameLength)) { try ZipArchive(bytes) }
        #expect((try? ZipArchive(bytes, maxNameLength: 8000)) != nil)
    }

    @Test func unsupportedMethodAndFlaggedEncryption() throws {
        let original = try Self.archive("""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            z.writestr("a.txt", b"abc")
        """)
        let directory = Self.centralDirectoryOffset(original)
        var bzip = original
        bzip[directory + 10] = 12
        var archive = try ZipArchive(bzip)
        #expect(throws: ZipError.unsupportedMethod(method: 12, entry: "a.txt")) { try archive.read(archive.entries[0]) }
        var flagged = original
        flagged[directory + 8] |= 0x01
        archive = try ZipArchive(flagged)
        #expect(throws: ZipError.encrypted("a.txt")) { try archive.read(archive.entries[0]) }
    }
}
