import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The ledger folder as FORMAT §3 and §7 lay it out: `checkpoint`, `checkpoints/<size>`,
/// `tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`.
///
/// The ledger code is synchronous (a session runs on a thread of its own), so the work is done
/// by the blocking methods here, which `LedgerStore` and `LedgerWriter` call; the
/// `LedgerStorage` methods wrap the same ones (in `PosixLedgerStorage+Async.swift`), so the
/// conformance suite tests the code the writer runs. Like any file I/O they block the calling
/// thread, briefly; none waits for another process except `publishCheckpoint`'s lock, held
/// only for one check and one rename.
public final class PosixLedgerStorage: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    func path(_ relative: String) -> String { (directory as NSString).appendingPathComponent(relative) }

    var checkpointPath: String { path("checkpoint") }

    func archivePath(size: UInt64) -> String { path("checkpoints/\(size)") }

    func readTileBlocking(_ tile: TileRef) throws -> [UInt8]? {
        try FileSystem.readIfPresent(path(try tile.checkedPath()), limit: tile.byteLimit)
    }

    /// Whole or absent at once; durable at the next `syncBlocking()`, which the writer calls
    /// once for all the tiles of a batch.
    func writeTileBlocking(_ tile: TileRef, _ bytes: [UInt8]) throws {
        let full = path(try tile.checkedPath())
        try FileSystem.createDirectories((full as NSString).deletingLastPathComponent, durable: false)
        try FileSystem.writeAtomically(full, bytes, durable: false)
    }

    /// A partial tile's `.p` folder goes with its last file, so that the layout holds no
    /// empty folders.
    func deleteTileBlocking(_ tile: TileRef) throws {
        let full = path(try tile.checkedPath())
        try FileSystem.remove(full)
        if tile.isPartial { rmdir((full as NSString).deletingLastPathComponent) }
    }

    func partialWidthsBlocking(_ kind: TileRef.Kind, index: UInt64) throws -> [Int] {
        try FileSystem.list(path(try TileRef.partialFolder(kind, index: index))).compactMap { name in
            guard let width = Int(name), String(width) == name, (1..<TilePath.tileWidth).contains(width) else { return nil }
            return width
        }.sorted()
    }

    func readCheckpointBlocking() throws -> [UInt8]? {
        try FileSystem.readIfPresent(checkpointPath, limit: LedgerStore.maxCheckpointBytes)
    }

    func readArchivedCheckpointBlocking(size: UInt64) throws -> [UInt8]? {
        try FileSystem.readIfPresent(archivePath(size: size), limit: LedgerStore.maxCheckpointBytes)
    }

    /// `durable: false` leaves the copy to the next `syncBlocking()`.
    func archiveCheckpointBlocking(_ signed: [UInt8], size: UInt64, durable: Bool) throws {
        let archive = archivePath(size: size)
        try FileSystem.createDirectories((archive as NSString).deletingLastPathComponent)
        try FileSystem.writeAtomically(archive, signed, durable: durable)
    }

    func archivedCheckpointSizesBlocking() throws -> [UInt64] {
        try FileSystem.list(path("checkpoints")).compactMap { name in
            guard let size = UInt64(name), String(size) == name else { return nil }
            return size
        }.sorted()
    }

    /// One flush of the whole file system: this ledger's tiles and archive copies, and every
    /// object written to the same file system since the last one.
    func syncBlocking() throws {
        try FileSystem.syncFileSystem(directory)
    }
}
