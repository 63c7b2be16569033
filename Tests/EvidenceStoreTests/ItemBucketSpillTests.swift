import Foundation
import Testing
@testable import EvidenceStore
#if canImport(Glibc)
import Glibc
#endif

/// A replayed state's item buckets set aside on disk (ItemBucketSpill): the same answers as
/// held in memory, nothing left in memory or on disk, and a file changed underneath is damage.
@Suite("Authority state: item buckets set aside on disk")
struct ItemBucketSpillTests {
    static let ids = (0..<10_000).map { String(format: "itm_%08d", $0 * 7) }

    static func replayed(spillingTo folder: String?) throws -> AuthorityState {
        var state = AuthorityState()
        if let folder { state.items.spill = try #require(ItemBucketSpill(folder: folder)) }
        for (number, id) in ids.enumerated() { try state.items.set(id, ItemStatesTests.item(number)) }
        return state
    }

    /// The spill file of this process under `folder`, found through /proc (it has no name left).
    static func spillDescriptor(in folder: String) throws -> Int32? {
        for name in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let fd = Int32(name),
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"),
                  target.hasPrefix((folder as NSString).appendingPathComponent(".item-buckets-")) else { continue }
            #expect(target.hasSuffix("(deleted)"), "the spill file is unlinked as it is made: \(target)")
            return fd
        }
        return nil
    }

    @Test("a spilled state answers every lookup and iterates as one held in memory, and holds no bucket's bytes")
    func sameAnswers() throws {
        let dir = try UnitTempDir("spill")
        defer { dir.remove() }
        let spilled = try Self.replayed(spillingTo: dir.path)
        let held = try Self.replayed(spillingTo: nil)
        #expect(spilled.items == held.items)
        #expect(spilled.items.count == Self.ids.count)
        for (number, id) in Self.ids.enumerated() where number % 97 == 0 {
            #expect(try spilled.items.item(id) == ItemStatesTests.item(number), "\(id)")
        }
        #expect(try spilled.items.item("itm_missing") == nil)
        // Folded at least once (more items than a spilled state holds decoded), and what was
        // folded lives in the file, not in memory.
        let stored = try #require(spilled.items.stored)
        #expect(stored.buckets.count > 4)
        #expect(stored.builtBuckets.isEmpty)
        #expect(stored.cacheLimit == ItemStates.spilledTablesKept)
        #expect(stored.readTables.count <= ItemStates.spilledTablesKept)
        // Changes after the fold land where they belong.
        var changed = spilled
        try changed.items.set(Self.ids[5], ItemStatesTests.item(99_999))
        #expect(try changed.items.item(Self.ids[5]) == ItemStatesTests.item(99_999))
        #expect(try changed.items.item(Self.ids[6]) == ItemStatesTests.item(6))
        // No file is left under a name.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("a spill file changed under the process makes a lookup fail as damage, never answer from it")
    func changedFileIsDamage() throws {
        let dir = try UnitTempDir("spill")
        defer { dir.remove() }
        let spilled = try Self.replayed(spillingTo: dir.path)
        let fd = try #require(try Self.spillDescriptor(in: dir.path))
        var size = stat()
        #expect(fstat(fd, &size) == 0 && size.st_size > 0)
        // Every byte of the file flipped: whatever bucket a lookup reads fails its digest.
        let length = Int(size.st_size)
        var bytes = [UInt8](repeating: 0, count: length)
        #expect(pread(fd, &bytes, length, 0) == length)
        bytes = bytes.map { $0 ^ 0xff }
        #expect(pwrite(fd, bytes, length, 0) == length)
        // The tables still cached were read before the change; the first bucket is not among them.
        #expect(throws: EvidenceError.self) { try spilled.items.item(Self.ids[0]) }
        #expect(spilled.items.readableItem(Self.ids[0]) == nil)
    }

    @Test("no spill is made where no file can be created; a state then keeps its buckets in memory")
    func unusableFolder() throws {
        #expect(ItemBucketSpill(folder: "/nonexistent-folder-for-evidence-tests") == nil)
        let dir = try UnitTempDir("spill")
        defer { dir.remove() }
        #expect(ItemBucketSpill.first(in: ["/nonexistent-folder-for-evidence-tests", dir.path]) != nil)
        #expect(try Self.replayed(spillingTo: nil).items.spill == nil)
    }

    @Test("a stored snapshot's buckets cannot be set aside: only a replay's own")
    func storedBucketsStay() throws {
        let dir = try UnitTempDir("spill")
        defer { dir.remove() }
        let source = MemoryBucketSource()
        let reopened = try ItemStatesTests.reopened(try Self.replayed(spillingTo: nil), in: source)
        let spill = try #require(ItemBucketSpill(folder: dir.path))
        let stored = try #require(reopened.items.stored)
        #expect(throws: FormatError.self) { try stored.spilled(into: spill, cacheLimit: 4) }
    }
}
