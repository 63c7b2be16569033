/// Where the ledger (FORMAT §7) lives: hash tiles and entry bundles by their tlog-tiles path,
/// the published checkpoint and the archived ones. Today a folder (`PosixLedgerStorage`) or
/// memory (`InMemoryLedgerStorage`); docs/STORAGE.md states what each method promises.
///
/// The storage keeps bytes; what they mean (roots, signatures, which tile a tree needs) is
/// `LedgerStore`'s and `LedgerWriter`'s business. The one exception is the size line of a
/// checkpoint, which `publishCheckpoint` reads to compare and swap on it.
public protocol LedgerStorage: Sendable {
    /// The tile's bytes exactly as written, or nil when that file is absent. No fall-back
    /// from a partial tile to its full one: that is the reader's (`LedgerStore`'s) rule.
    func readTile(_ tile: TileRef) async throws -> [UInt8]?

    /// Writes the tile, replacing any bytes at its path; readers see the old bytes or the
    /// new ones whole. Durable at the next `sync()`.
    func writeTile(_ tile: TileRef, _ bytes: [UInt8]) async throws

    /// Removes the tile (a partial one whose full tile exists, or one no checkpoint covers);
    /// removing a missing one is not an error. Durable at the next `sync()`.
    func deleteTile(_ tile: TileRef) async throws

    /// The widths of the partial versions kept of tile `index` of `kind`, ascending.
    func partialWidths(_ kind: TileRef.Kind, index: UInt64) async throws -> [Int]

    /// The published checkpoint's bytes, or nil before the first publication.
    func readCheckpoint() async throws -> [UInt8]?

    /// Publishes `signed`, a checkpoint of `size`, as the newest checkpoint: the commit point.
    /// Compare-and-swap on the tree size: it throws `StorageError.checkpointConflict`, and
    /// publishes nothing, unless the checkpoint published when it takes effect is of
    /// `expectedPreviousSize` (no checkpoint counts as size 0). Of two writers extending the
    /// same tree, exactly one succeeds. Durable when it returns; readers see the old
    /// checkpoint or the new one whole. `size` must be the size `signed` states and must
    /// exceed `expectedPreviousSize` (`StorageError.invalidCheckpoint` otherwise).
    func publishCheckpoint(_ signed: [UInt8], size: UInt64, expectedPreviousSize: UInt64) async throws

    /// The archived checkpoint of `size` (`checkpoints/<size>`), or nil when absent.
    func readArchivedCheckpoint(size: UInt64) async throws -> [UInt8]?

    /// Archives a published checkpoint under its size, replacing any copy. Durable at the next
    /// `sync()`: a writer restores a missing copy from the published checkpoint.
    func archiveCheckpoint(_ signed: [UInt8], size: UInt64) async throws

    /// Sizes of the archived checkpoints, ascending.
    func archivedCheckpointSizes() async throws -> [UInt64]

    /// Makes every tile write, tile deletion and archived checkpoint that returned before this
    /// call durable (POSIX: one `syncfs`, which also covers the objects of the same file system).
    func sync() async throws
}
