/// Following the log key through a range of entries, without decoding every entry: a
/// rotation's canonical JSON always holds the bytes `"type":"log-key.rotated"`, so only
/// entries that contain them are decoded and checked.
extension LedgerStore {
    static let rotationMarker = Array("\"type\":\"\(EventType.logKeyRotated)\"".utf8)

    /// Extends `chain` with the rotations among entries [range) of a tree of `treeSize`.
    /// Each rotation must carry its sequence number and verify with the key in force
    /// before it; the caller still checks that the tree's root is the signed one.
    public func followLogKeys(_ chain: inout LogKeyChain, in range: Range<UInt64>, treeSize: UInt64) throws {
        try forEachEntry(in: range, treeSize: treeSize) { index, bytes in
            guard Self.contains(bytes, Self.rotationMarker) else { return }
            let entry = try LedgerEntry.decode(bytes, index: index)
            guard entry.type == EventType.logKeyRotated else { return }
            // The bundle must hold the entry the tree commits to (the caller checks the tree's
            // root against the signed one), so a planted rotation cannot switch keys.
            let tile = try readHashTile(level: 0, index: index / UInt64(Self.tileWidth),
                                        width: Self.width(level: 0, index: index / UInt64(Self.tileWidth), treeSize: treeSize))
            guard tile[Int(index % UInt64(Self.tileWidth))] == (try Merkle.leafHash(bytes)) else {
                throw FormatError("ledger entry \(index) does not hash to the value in its tile (the entry was altered)")
            }
            guard entry.seq == index, entry.signer == LedgerEntry.logSigner else {
                throw FormatError("ledger entry \(index) rotates the log key but is not signed by the log")
            }
            let signingKey = chain.key(forEntry: index)
            guard Ed25519.isValid(signature: entry.signature, message: entry.signingBytes(), publicKey: signingKey.publicKey) else {
                throw FormatError("ledger entry \(index) rotates the log key but does not verify with the key in force before it (\(signingKey.identity))")
            }
            try chain.follow(entry)
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first, haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }
}
