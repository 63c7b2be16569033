import Foundation
import Testing
@testable import EvidenceStore

/// The items of an authority state as a snapshot stores them: buckets cut where the ids say,
/// named by digest in the snapshot, read when an item in them is first looked up, with the
/// changes since kept in memory.
@Suite("Authority snapshot: the item buckets")
struct ItemStatesTests {
    static func item(_ number: Int, case caseID: String = "case_A") -> AuthorityState.Item {
        AuthorityState.Item(caseID: caseID, addedAt: UInt64(number), classification: number % 3 == 0 ? .secret : .official,
                            sensitive: number % 5 == 0, parentID: number % 7 == 0 ? "itm_parent\(number)" : nil,
                            physical: number % 11 == 0, commitment: number % 2 == 0 ? Array(repeating: UInt8(number & 0xff), count: 32) : nil,
                            object: number % 11 == 0 ? nil : LedgerEntry.ObjectRef(name: "obj\(number)", ciphertextSHA256: Array(repeating: 7, count: 32),
                                                                                    ciphertextSize: UInt64(number * 10)),
                            superseded: number % 13 == 0 ? ["old\(number)"] : [], disposedAt: number % 17 == 0 ? UInt64(number + 1) : nil)
    }

    /// Ids whose UTF-8 order differs from a naive expectation: upper and lower case, digits,
    /// and characters beyond ASCII (an id is whatever a signed entry carries); enough of them
    /// to make several buckets.
    static let ids: [String] = (0..<3_000).map { "itm_\(String($0 * 7919 % 10_000, radix: 36))" }
        + ["itm_Z", "itm_a", "itm_é", "itm_e\u{301}", "itm_日本", "itm_", "ITM_1"]

    static func state(with ids: [String]) throws -> AuthorityState {
        var state = AuthorityState()
        for (number, id) in ids.enumerated() { try state.items.set(id, item(number)) }
        return state
    }

    static func reopened(_ state: AuthorityState, in source: MemoryBucketSource) throws -> AuthorityState {
        try AuthoritySnapshot.decode(try source.encode(state), source: source)
    }

    @Test("a reopened state answers every lookup, counts and iterates in UTF-8 order as the state it was stored from")
    func roundTrip() throws {
        let fresh = try Self.state(with: Self.ids)
        let source = MemoryBucketSource()
        let reopened = try Self.reopened(fresh, in: source)
        #expect(try fresh.items.rebucketed().buckets.count > 2, "several buckets")
        #expect(reopened.items.count == Self.ids.count)
        for (number, id) in Self.ids.enumerated() {
            #expect(try reopened.items.item(id) == Self.item(number), "\(id)")
            #expect(try reopened.items.contains(id))
        }
        #expect(try reopened.items.item("itm_missing") == nil && !reopened.items.contains("itm_missing"))
        #expect(try reopened.items.ids() == Self.ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(reopened.items == fresh.items)
        #expect(try AuthoritySnapshot.encode(reopened) == AuthoritySnapshot.encode(fresh))
    }

    @Test("the same items make the same buckets whatever order they came in, and a change rewrites only its own bucket")
    func bucketsDependOnTheItemsOnly() throws {
        let forwards = try Self.state(with: Self.ids)
        var backwards = AuthorityState()
        for (number, id) in Self.ids.enumerated().reversed() { try backwards.items.set(id, Self.item(number)) }
        #expect(try AuthoritySnapshot.encode(forwards) == AuthoritySnapshot.encode(backwards))

        // Stored in two steps (half, then the rest over the stored buckets) as at once.
        let source = MemoryBucketSource()
        var stepwise = try Self.reopened(try Self.state(with: Array(Self.ids.prefix(1_500))), in: source)
        for (number, id) in Self.ids.enumerated().dropFirst(1_500) { try stepwise.items.set(id, Self.item(number)) }
        #expect(try AuthoritySnapshot.encode(stepwise) == AuthoritySnapshot.encode(forwards))

        // One item changed: one bucket differs.
        var changed = try Self.reopened(forwards, in: source)
        try changed.items.update(Self.ids[100]) { $0.disposedAt = 9 }
        let before = try forwards.items.rebucketed().buckets.map(\.digest)
        let after = try changed.items.rebucketed().buckets.map(\.digest)
        #expect(before.count == after.count)
        #expect(zip(before, after).filter { $0 != $1 }.count == 1)
    }

    @Test("a state opened from a snapshot reads only the buckets of the items looked up")
    func readsOnlyWhatItNeeds() throws {
        let source = MemoryBucketSource()
        let reopened = try Self.reopened(try Self.state(with: Self.ids), in: source)
        let buckets = try #require(reopened.items.stored?.buckets.count)
        #expect(buckets > 2)
        _ = try reopened.items.item(Self.ids[0])
        _ = try reopened.items.item(Self.ids[0])
        #expect(source.readCount == 1)
        // Storing it again after one change reads that item's bucket and no other.
        var changed = reopened
        try changed.items.update(Self.ids[1]) { $0.disposedAt = 3 }
        let reads = source.readCount
        _ = try source.encode(changed)
        #expect(source.readCount - reads <= 2)
        try changed.items.forEach { _, _ in }
        #expect(source.readCount <= buckets + 2)
    }

    @Test("changes over stored buckets (new, changed, removed items) read, iterate and store as the same changes made in memory")
    func changesOverStoredBuckets() throws {
        var inMemory = try Self.state(with: Self.ids)
        let source = MemoryBucketSource()
        var reopened = try Self.reopened(inMemory, in: source)
        for state in [0, 1] {
            var target = state == 0 ? inMemory : reopened
            try target.items.set("itm_new1", Self.item(1_001, case: "case_B"))
            try target.items.set("itm_0", nil)
            try target.items.update(Self.ids[5]) { $0.disposedAt = 99 }
            try target.items.update(Self.ids[6]) { $0.classification = .officialSensitive }
            try target.items.set("itm_é", Self.item(1_002))
            try target.items.set("itm_new0", Self.item(1_003))
            if state == 0 { inMemory = target } else { reopened = target }
        }
        #expect(reopened.items.count == Self.ids.count + 1)
        #expect(try reopened.items.item("itm_0") == nil && !reopened.items.contains("itm_0"))
        #expect(try reopened.items.item(Self.ids[5])?.disposedAt == 99)
        #expect(try reopened.items.item("itm_new1")?.caseID == "case_B")
        #expect(reopened.items == inMemory.items)
        #expect(try reopened.items.ids() == inMemory.items.ids())
        let stored = try source.encode(reopened)
        #expect(stored == (try AuthoritySnapshot.encode(inMemory)), "records copied from the buckets encode as the same items written afresh")
        // And again, over the buckets the changes were stored in.
        let again = try AuthoritySnapshot.decode(stored, source: source)
        #expect(again.items == inMemory.items)
        #expect(try AuthoritySnapshot.encode(again) == stored)
    }

    @Test("a state built from many entries folds its items into buckets as it goes, and answers as before")
    func foldsIntoBuckets() throws {
        let total = ItemStates.compactionThreshold + 7_000
        var state = AuthorityState()
        for number in 0..<total { try state.items.set("itm_\(String(number * 7_919 % total, radix: 36))", Self.item(number)) }
        #expect(state.items.count == total)
        // Items changed after the fold land in memory over the buckets.
        try state.items.update("itm_0") { $0.disposedAt = 5 }
        try state.items.set("itm_zzzz", Self.item(1))
        #expect(state.items.count == total + 1)
        for number in stride(from: 1, to: total, by: 997) {
            #expect(try state.items.item("itm_\(String(number * 7_919 % total, radix: 36))") == Self.item(number))
        }
        #expect(try state.items.item("itm_0")?.disposedAt == 5)
        let keys = try state.items.ids()
        #expect(keys.count == total + 1)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let reopened = try Self.reopened(state, in: MemoryBucketSource())
        #expect(reopened.items == state.items)
    }

    @Test("a bucket that is missing or edited fails the lookup that needs it; a damaged snapshot or bucket table does not open")
    func damagedBucketsAreRefused() throws {
        let source = MemoryBucketSource()
        let state = try Self.state(with: Self.ids)
        let bytes = try source.encode(state)
        let reopened = try AuthoritySnapshot.decode(bytes, source: source)
        let buckets = try #require(reopened.items.stored?.buckets)
        let first = buckets[0]
        // Edited: the digest no longer matches (65, run rebuild).
        var edited = try #require(try source.bucket(digest: first.digest))
        edited[edited.count - 1] ^= 1
        source.replace(first.digest, with: edited)
        let firstID = try #require(Self.ids.min { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(throws: EvidenceError.snapshotBucketDamaged) { try reopened.items.item(firstID) }
        // Missing: another process removed it (75, run again); the snapshot no longer opens either.
        let second = try AuthoritySnapshot.decode(bytes, source: source)
        source.replace(first.digest, with: nil)
        #expect(throws: EvidenceError.snapshotBucketMissing) { try second.items.forEach { _, _ in } }
        #expect(try !(second.items.stored?.sourceHoldsAll() ?? true))
        // An item of another bucket still reads.
        let last = try #require(Self.ids.max { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(try second.items.item(last) != nil)

        // The snapshot's own bytes: cut short, or bucket counts that do not add up.
        #expect(throws: FormatError.self) { try AuthoritySnapshot.decode(Array(bytes.dropLast(3)), source: source) }
        var overcounted = bytes
        let countAt = bytes.count - Self.bucketListLength(buckets) - 8
        overcounted[countAt] ^= 0x40
        #expect(throws: FormatError.self) { try AuthoritySnapshot.decode(overcounted, source: source) }

        // A bucket table whose ids are out of order, or whose offsets point back, does not open.
        var cutter = ItemBuckets.Cutter()
        for id in ["itm_a", "itm_b", "itm_c"] { try cutter.append(id: Array(id.utf8), item: Self.item(1)) }
        try cutter.close()
        let table = try #require(cutter.takeFinished().first?.built)
        #expect(try StoredItemTable(bytes: table, at: 0).count == 3)
        var backwards = table
        for index in 0..<4 { backwards[8 + index] = 0 }
        #expect(throws: FormatError.self) { try StoredItemTable(bytes: backwards, at: 0) }
        var unsorted = table
        let a = try #require(Self.range(of: Array("itm_a".utf8), in: unsorted))
        let c = try #require(Self.range(of: Array("itm_c".utf8), in: unsorted))
        unsorted.replaceSubrange(a, with: Array("itm_c".utf8))
        unsorted.replaceSubrange(c, with: Array("itm_a".utf8))
        #expect(throws: FormatError.self) { try StoredItemTable(bytes: unsorted, at: 0) }
    }

    /// The bytes the snapshot's list of buckets takes after its two counts.
    static func bucketListLength(_ buckets: [StoredItemBuckets.Bucket]) -> Int {
        buckets.reduce(0) { $0 + 4 + $1.firstID.count + 4 + 32 }
    }

    static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
            return start..<(start + needle.count)
        }
        return nil
    }
}
