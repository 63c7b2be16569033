import Foundation
import Testing
@testable import SearchIndex

/// Round trips against archives written by Python's zipfile: what it stores, we read back
/// byte for byte, stored and deflated, with data descriptors, prepended data and ZIP64.
@Suite(.enabled(if: ZipTestTools.hasPython, "python3 is absent: ZIP round-trip tests not run"))
struct ZipArchiveTests {
    /// Writes `archive.zip` plus `expected/<n>` (the content of entry n) and `names.json` in `directory`.
    static let writer = #"""
import json, os, random, sys, zipfile, io
out = sys.argv[1]
mode = sys.argv[2]
random.seed(7)
entries = [
    ("readme.txt", b"The quick brown fox jumps over the lazy dog.\n" * 50, zipfile.ZIP_DEFLATED),
    ("stored/plain.bin", bytes(range(256)) * 4, zipfile.ZIP_STORED),
    ("empty.txt", b"", zipfile.ZIP_DEFLATED),
    ("folder/", b"", zipfile.ZIP_STORED),
    ("random.bin", bytes(random.getrandbits(8) for _ in range(300000)), zipfile.ZIP_DEFLATED),
    ("zeros.bin", bytes(900000), zipfile.ZIP_DEFLATED),
    ("naïve/café — 証拠.txt", "Unicode name ünïcödé".encode(), zipfile.ZIP_DEFLATED),
]
class Unseekable(io.RawIOBase):
    def __init__(self, target): self.target = target
    def writable(self): return True
    def write(self, b): return self.target.write(b)
    def flush(self): self.target.flush()
raw = open(os.path.join(out, "archive.zip"), "wb")
if mode == "prepended":
    raw.write(b"MZ" + bytes(4094))
target = Unseekable(raw) if mode == "descriptor" else raw
with zipfile.ZipFile(target, "w") as archive:
    for name, data, method in entries:
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 2, 3, 4, 6))
        info.compress_type = method
        if mode == "zip64":
            with archive.open(info, "w", force_zip64=True) as handle:
                handle.write(data)
        else:
            archive.writestr(info, data)
raw.close()
os.makedirs(os.path.join(out, "expected"))
for index, (name, data, method) in enumerate(entries):
    open(os.path.join(out, "expected", str(index)), "wb").write(data)
json.dump([name for name, _, _ in entries], open(os.path.join(out, "names.json"), "w"))
"""#

    @Test(arguments: ["plain", "descriptor", "prepended", "zip64"])
    func roundTrip(mode: String) throws {
        let directory = try ZipTestTools.temporaryDirectory("zip-\(mode)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ZipTestTools.python(Self.writer, [directory.path, mode])
        let names = try JSONDecoder().decode([String].self, from: Data(contentsOf: directory.appendingPathComponent("names.json")))
        var archive = try ZipArchive(try ZipTestTools.bytes(directory.appendingPathComponent("archive.zip")))
        #expect(archive.entries.map(\.name) == names)
        for (index, entry) in archive.entries.enumerated() {
            let expected = try ZipTestTools.bytes(directory.appendingPathComponent("expected/\(index)"))
            let data = try archive.read(entry)
            #expect(data == expected, "\(entry.name) differs")
        }
        #expect(archive.entry(named: "folder/")?.isDirectory == true)
        #expect(archive.entries.contains { $0.method == 0 } && archive.entries.contains { $0.method == 8 })
        if mode == "descriptor" { #expect(archive.entries.allSatisfy { $0.flags & 0x0008 != 0 }) }
        if mode == "prepended" { #expect(archive.entries.first?.localHeaderOffset == 4096) }
        #expect(archive.expandedBytes == archive.entries.reduce(0) { $0 + $1.uncompressedSize })
    }

    /// An archive built field by field with every ZIP64 structure: local and central ZIP64
    /// extra fields with all three sizes saturated, the ZIP64 end record and its locator, a
    /// saturated classic end record. Python's zipfile reads it too, as a check of the builder.
    static let zip64Builder = #"""
import struct, sys, zlib, zipfile
path = sys.argv[1]
entries = [(b"alpha.txt", b"alpha " * 1000, 8), (b"beta.bin", bytes(range(200)), 0)]
out = bytearray()
central = bytearray()
for name, data, method in entries:
    if method == 8:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        payload = c.compress(data) + c.flush()
    else:
        payload = data
    crc = zlib.crc32(data)
    offset = len(out)
    local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(payload))
    out += struct.pack("<IHHHHHIIIHH", 0x04034b50, 45, 0, method, 0, 0x5821, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(local_extra))
    out += name + local_extra + payload
    extra = struct.pack("<HHQQQ", 1, 24, len(data), len(payload), offset)
    central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 45, 45, 0, method, 0, 0x5821, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, 0xFFFFFFFF)
    central += name + extra
cd_offset = len(out)
out += central
z64_offset = len(out)
out += struct.pack("<IQHHIIQQQQ", 0x06064b50, 44, 45, 45, 0, 0, len(entries), len(entries), len(central), cd_offset)
out += struct.pack("<IIQI", 0x07064b50, 0, z64_offset, 1)
out += struct.pack("<IHHHHIIH", 0x06054b50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
open(path, "wb").write(out)
with zipfile.ZipFile(path) as check:
    assert check.testzip() is None
    assert check.read("alpha.txt") == b"alpha " * 1000
"""#

    @Test func zip64RecordsAndExtraFields() throws {
        let directory = try ZipTestTools.temporaryDirectory("zip64")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("zip64.zip").path
        try ZipTestTools.python(Self.zip64Builder, [path])
        var archive = try ZipArchive(try ZipTestTools.bytes(URL(fileURLWithPath: path)))
        #expect(archive.entries.map(\.name) == ["alpha.txt", "beta.bin"])
        let alpha = try #require(archive.entry(named: "alpha.txt"))
        #expect(alpha.uncompressedSize == 6000)
        #expect(try archive.read(alpha) == Array(String(repeating: "alpha ", count: 1000).utf8))
        let beta = try #require(archive.entry(named: "beta.bin"))
        #expect(try archive.read(beta) == (0..<200).map { UInt8($0) })
    }

    /// More than 65,535 entries forces Python to write the ZIP64 end record; the default
    /// entry limit refuses the archive before reading any entry, a raised one reads it.
    @Test func zip64EntryCountAndEntryLimit() throws {
        let directory = try ZipTestTools.temporaryDirectory("zip64-count")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("many.zip").path
        try ZipTestTools.python("""
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            for i in range(70000):
                z.writestr(f"{i}", b"x")
        """, [path])
        let bytes = try ZipTestTools.bytes(URL(fileURLWithPath: path))
        #expect(throws: ZipError.tooManyEntries(count: 70000, limit: ExtractionLimits().maxChildren)) {
            try ZipArchive(bytes)
        }
        var archive = try ZipArchive(bytes, maxEntries: 100_000)
        #expect(archive.entries.count == 70000)
        let last = try #require(archive.entry(named: "69999"))
        #expect(try archive.read(last) == Array("x".utf8))
    }

    @Test func realEncryptedEntriesAreRefused() throws {
        let directory = try ZipTestTools.temporaryDirectory("zip-encrypted")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("secret.txt")
        try Data("the password is not here".utf8).write(to: source)
        let archivePath = directory.appendingPathComponent("locked.zip").path
        do {
            try ZipTestTools.run("zip", ["-q", "-j", "-P", "hunter2", archivePath, source.path], timeout: 30)
        } catch {
            print("skipped: zip(1) is not available: \(error)")
            return
        }
        var archive = try ZipArchive(try ZipTestTools.bytes(URL(fileURLWithPath: archivePath)))
        let entry = try #require(archive.entries.first)
        #expect(entry.isEncrypted)
        #expect(throws: ZipError.encrypted("secret.txt")) { try archive.read(entry) }
        #expect(archive.expandedBytes == 0)
    }

    @Test func namesWithoutTheUTF8FlagAreCodePage437() {
        #expect(ZipNameDecoding.decode([0x63, 0x61, 0x66, 0x82], utf8: false) == "café")
        #expect(ZipNameDecoding.decode(Array("café".utf8)[...], utf8: true) == "café")
    }

    @Test func notAnArchive() {
        #expect(throws: ZipError.notAnArchive) { try ZipArchive([]) }
        #expect(throws: ZipError.notAnArchive) { try ZipArchive(Array("just some text that is long enough".utf8)) }
        // An empty archive (just an end record) is valid and has no entries.
        let empty: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
        #expect((try? ZipArchive(empty))?.entries.isEmpty == true)
    }
}
