/// The checks a ledger storage makes before it names a tile: `TilePath` treats a level or
/// width out of range as a programming error, and a storage's callers include outside code.
extension TileRef {
    /// The tile's path relative to the ledger, after checking its level and width.
    func checkedPath() throws -> String {
        if case .hashes(let level) = kind, !(0...63).contains(level) {
            throw StorageError.invalidKey("tile level \(level)")
        }
        guard (1...TilePath.tileWidth).contains(width) else { throw StorageError.invalidKey("tile width \(width)") }
        return path
    }

    /// The most bytes such a tile may hold: files in a repository may have been tampered
    /// with, so none is read without a bound.
    var byteLimit: Int {
        switch kind {
        case .hashes: return TilePath.tileWidth * Merkle.hashSize
        case .entries: return LedgerStore.maxBundleBytes
        }
    }

    /// The folder holding the partial versions of this tile (`<full path>.p`).
    static func partialFolder(_ kind: Kind, index: UInt64) throws -> String {
        try TileRef(kind: kind, index: index, width: TilePath.tileWidth).checkedPath() + ".p"
    }
}
