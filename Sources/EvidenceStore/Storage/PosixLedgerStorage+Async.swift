/// The `LedgerStorage` methods: each runs the blocking method the ledger code calls.
extension PosixLedgerStorage: LedgerStorage {
    public func readTile(_ tile: TileRef) async throws -> [UInt8]? { try readTileBlocking(tile) }

    public func writeTile(_ tile: TileRef, _ bytes: [UInt8]) async throws { try writeTileBlocking(tile, bytes) }

    public func deleteTile(_ tile: TileRef) async throws { try deleteTileBlocking(tile) }

    public func partialWidths(_ kind: TileRef.Kind, index: UInt64) async throws -> [Int] {
        try partialWidthsBlocking(kind, index: index)
    }

    public func readCheckpoint() async throws -> [UInt8]? { try readCheckpointBlocking() }

    public func publishCheckpoint(_ signed: [UInt8], size: UInt64, expectedPreviousSize: UInt64) async throws {
        try publishCheckpointBlocking(signed, size: size, expectedPreviousSize: expectedPreviousSize)
    }

    public func readArchivedCheckpoint(size: UInt64) async throws -> [UInt8]? {
        try readArchivedCheckpointBlocking(size: size)
    }

    public func archiveCheckpoint(_ signed: [UInt8], size: UInt64) async throws {
        try archiveCheckpointBlocking(signed, size: size, durable: false)
    }

    public func archivedCheckpointSizes() async throws -> [UInt64] { try archivedCheckpointSizesBlocking() }

    public func sync() async throws { try syncBlocking() }
}
