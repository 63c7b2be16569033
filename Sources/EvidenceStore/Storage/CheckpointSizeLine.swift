/// The tree size a signed checkpoint states (its second line), read without checking its
/// signature: what `publishCheckpoint` compares and swaps on. The storage holds no keys, and
/// need not: every writer verifies the checkpoint it extends before it appends.
enum CheckpointSizeLine {
    static func size(of signed: [UInt8]) -> UInt64? {
        let lines = signed.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3 else { return nil }
        let digits = lines[1]
        guard let first = digits.first, digits.count <= 20,
              digits.allSatisfy({ (0x30...0x39).contains($0) }),
              first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
        return UInt64(String(decoding: digits, as: UTF8.self))
    }

    /// The size the compare-and-swap compares: no checkpoint is the empty tree (0); one that
    /// states no size (nil) matches no expectation.
    static func publishedSize(_ current: [UInt8]?) -> UInt64? {
        guard let current else { return 0 }
        return size(of: current)
    }

    /// Throws unless `signed` states `size` and `size` extends `expectedPreviousSize`.
    static func check(_ signed: [UInt8], size: UInt64, expectedPreviousSize: UInt64) throws {
        guard let stated = self.size(of: signed), stated == size else {
            throw StorageError.invalidCheckpoint("the checkpoint does not state a tree size of \(size)")
        }
        guard size > expectedPreviousSize else {
            throw StorageError.invalidCheckpoint("a checkpoint of size \(size) does not extend a tree of \(expectedPreviousSize)")
        }
    }
}
