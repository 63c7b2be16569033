import Foundation
import Testing
@testable import EvidenceStore

/// The items of an authority state as a snapshot stores them: an encoded table, sorted by id,
/// read one item at a time, with the changes since kept in memory.
@Suite("Authority snapshot: the item table")
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
    /// and characters beyond ASCII (an id is whatever a signed entry carries).
    static let ids: [String] = (0..<300).map { "itm_\(String($0 * 7919 % 1000, radix: 36))" }
        + ["itm_Z", "itm_a", "itm_é", "itm_e\u{301}", "itm_日本", "itm_", "ITM_1"]

    static func state(with ids: [String]) -> AuthorityState {
        var state = AuthorityState()
        for (number, id) in ids.enumerated() { state.items[id] = item(number) }
        return state
    }

    static func reopened(_ state: AuthorityState) throws -> AuthorityState {
        try AuthoritySnapshot.decode(AuthoritySnapshot.encode(state))
    }

    @Test("a reopened state answers every lookup, counts and iterates in UTF-8 order as the state it was stored from")
    func roundTrip() throws {
        let fresh = Self.state(with: Self.ids)
        let reopened = try Self.reopened(fresh)
        #expect(reopened.items.count == Self.ids.count)
        for (number, id) in Self.ids.enumerated() {
            #expect(reopened.items[id] == Self.item(number), "\(id)")
            #expect(reopened.items.contains(id))
        }
        #expect(reopened.items["itm_missing"] == nil && !reopened.items.contains("itm_missing"))
        let order = reopened.items.map(\.key)
        #expect(order == Self.ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(reopened.items == fresh.items)
        #expect(AuthoritySnapshot.encode(reopened) == AuthoritySnapshot.encode(fresh))
    }

    @Test("changes over a stored table (new, changed, removed items) read, iterate and store as the same changes made in memory")
    func changesOverAStoredTable() throws {
        var inMemory = Self.state(with: Self.ids)
        var reopened = try Self.reopened(inMemory)
        for state in [0, 1] {
            var target = state == 0 ? inMemory : reopened
            target.items["itm_new1"] = Self.item(1_001, case: "case_B")
            target.items["itm_0"] = nil
            target.items[Self.ids[5]]?.disposedAt = 99
            target.items[Self.ids[6]]?.classification = .officialSensitive
            target.items["itm_é"] = Self.item(1_002)
            target.items["itm_new0"] = Self.item(1_003)
            if state == 0 { inMemory = target } else { reopened = target }
        }
        #expect(reopened.items.count == Self.ids.count + 1)
        #expect(reopened.items["itm_0"] == nil && !reopened.items.contains("itm_0"))
        #expect(reopened.items[Self.ids[5]]?.disposedAt == 99)
        #expect(reopened.items["itm_new1"]?.caseID == "case_B")
        #expect(reopened.items == inMemory.items)
        #expect(Array(reopened.items.map(\.key)) == Array(inMemory.items.map(\.key)))
        let stored = AuthoritySnapshot.encode(reopened)
        #expect(stored == AuthoritySnapshot.encode(inMemory), "records copied from the table encode as the same items written afresh")
        // And again, over the table the changes were stored in.
        let again = try AuthoritySnapshot.decode(stored)
        #expect(again.items == inMemory.items)
        #expect(AuthoritySnapshot.encode(again) == stored)
    }

    @Test("a state built from many entries folds its items into a table as it goes, and answers as before")
    func foldsIntoATable() throws {
        let total = ItemStates.compactionThreshold + 7_000
        var state = AuthorityState()
        for number in 0..<total { state.items["itm_\(String(number * 7_919 % total, radix: 36))"] = Self.item(number) }
        #expect(state.items.count == total)
        // Items changed after the fold land in memory over the table.
        state.items["itm_0"]?.disposedAt = 5
        state.items["itm_zzzz"] = Self.item(1)
        #expect(state.items.count == total + 1)
        for number in stride(from: 1, to: total, by: 997) {
            #expect(state.items["itm_\(String(number * 7_919 % total, radix: 36))"] == Self.item(number))
        }
        #expect(state.items["itm_0"]?.disposedAt == 5)
        let keys = state.items.map(\.key)
        #expect(keys.count == total + 1)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let reopened = try Self.reopened(state)
        #expect(reopened.items == state.items)
    }

    @Test("a table whose offsets or order are wrong does not open")
    func damagedTablesAreRefused() throws {
        let bytes = AuthoritySnapshot.encode(Self.state(with: ["itm_a", "itm_b", "itm_c"]))
        let tableStart = try #require(Self.tableStart(bytes))
        // The second offset pointing back at the first record.
        var backwards = bytes
        for index in 0..<4 { backwards[tableStart + 8 + index] = 0 }
        #expect(throws: FormatError.self) { try AuthoritySnapshot.decode(backwards) }
        // A count larger than the offsets that follow.
        var overcounted = bytes
        overcounted[tableStart] = 0x7f
        #expect(throws: FormatError.self) { try AuthoritySnapshot.decode(overcounted) }
        // Two ids out of order (itm_a and itm_c swapped: same lengths, so only the order is wrong).
        var unsorted = bytes
        let first = try #require(Self.range(of: Array("itm_a".utf8), in: unsorted))
        let third = try #require(Self.range(of: Array("itm_c".utf8), in: unsorted))
        unsorted.replaceSubrange(first, with: Array("itm_c".utf8))
        unsorted.replaceSubrange(third, with: Array("itm_a".utf8))
        #expect(throws: FormatError.self) { try AuthoritySnapshot.decode(unsorted) }
        // Cut short.
        #expect(throws: FormatError.self) { try AuthoritySnapshot.decode(Array(bytes.dropLast(3))) }
        #expect(try AuthoritySnapshot.decode(bytes).items.count == 3)
    }

    /// Where the item table starts: right after the fields an empty state encodes.
    static func tableStart(_ bytes: [UInt8]) -> Int? {
        let empty = AuthoritySnapshot.encode(AuthorityState())
        return empty.count >= 4 ? empty.count - 4 : nil
    }

    static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
            return start..<(start + needle.count)
        }
        return nil
    }
}
