import Testing
@testable import EvidenceStore

/// Entry bundles (tlog-tiles): big-endian uint16 length-prefixed entries, read strictly.
@Suite struct TileEntryBundleTests {
    @Test func roundTrip() throws {
        var rng = MerkleTestRNG(seed: 3)
        for count in [0, 1, 2, 255, 256] {
            let entries = (0..<count).map { _ in
                (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            let bytes = try EntryBundle.encode(entries)
            #expect(bytes.count == entries.reduce(0) { $0 + 2 + $1.count })
            #expect(try EntryBundle.decode(bytes, expectedCount: count) == entries)
            #expect(try EntryBundle.decode(bytes, expectedCount: nil) == entries)
        }
        let largest = [UInt8](repeating: 0xAB, count: 65_535)
        #expect(try EntryBundle.decode(EntryBundle.encode([largest, [1]]), expectedCount: 2) == [largest, [1]])
    }

    @Test func layoutIsBigEndianLengthThenBytes() throws {
        #expect(try EntryBundle.encode([[0x41], [0x42, 0x43]]) == [0x00, 0x01, 0x41, 0x00, 0x02, 0x42, 0x43])
        #expect(try EntryBundle.encode([[UInt8](repeating: 7, count: 258)]).prefix(3) == [0x01, 0x02, 0x07])
    }

    @Test func encodeRefusesBadEntries() {
        #expect(throws: EntryBundleError.emptyEntry(index: 1, offset: 3)) { try EntryBundle.encode([[1], []]) }
        #expect(throws: EntryBundleError.entryTooLong(index: 0, length: 65_536)) {
            try EntryBundle.encode([[UInt8](repeating: 0, count: 65_536)])
        }
        #expect(throws: EntryBundleError.tooManyEntries(count: 257)) {
            try EntryBundle.encode([[UInt8]](repeating: [1], count: 257))
        }
    }

    @Test func decodeRefusesMalformedBundles() throws {
        let good = try EntryBundle.encode([[0x41], [0x42, 0x43]])  // 00 01 41 00 02 42 43
        #expect(throws: EntryBundleError.truncatedLength(offset: 7)) { try EntryBundle.decode(good + [0x00], expectedCount: nil) }
        #expect(throws: EntryBundleError.truncatedEntry(offset: 3, length: 2, available: 1)) {
            try EntryBundle.decode(Array(good.dropLast()), expectedCount: nil)
        }
        #expect(throws: EntryBundleError.truncatedEntry(offset: 0, length: 0xFFFF, available: 0)) {
            try EntryBundle.decode([0xFF, 0xFF], expectedCount: nil)
        }
        #expect(throws: EntryBundleError.emptyEntry(index: 2, offset: 7)) {
            try EntryBundle.decode(good + [0x00, 0x00], expectedCount: nil)
        }
        #expect(throws: EntryBundleError.trailingBytes(offset: 3, count: 4)) { try EntryBundle.decode(good, expectedCount: 1) }
        #expect(throws: EntryBundleError.countMismatch(expected: 3, got: 2)) { try EntryBundle.decode(good, expectedCount: 3) }
        #expect(throws: EntryBundleError.countMismatch(expected: 1, got: 0)) { try EntryBundle.decode([], expectedCount: 1) }
        let full = try EntryBundle.encode([[UInt8]](repeating: [9], count: 256))
        #expect(throws: EntryBundleError.tooManyEntries(count: 257)) { try EntryBundle.decode(full + [0x00, 0x01, 0x09], expectedCount: nil) }
    }

    @Test func errorsNameTheOffset() {
        #expect(EntryBundleError.truncatedEntry(offset: 3, length: 2, available: 1).description.contains("byte 3"))
        #expect(EntryBundleError.truncatedLength(offset: 7).description.contains("byte 7"))
    }
}
