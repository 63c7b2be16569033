import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Entries written beyond the newest checkpoint: what a writer killed between writing
/// its tiles and signing its checkpoint leaves behind. They were never committed; the
/// next writer drops them and records how many it dropped.
extension LedgerStore {
    public struct Tail: Equatable, Sendable {
        /// How many entries lie beyond the checkpoint.
        public var entries: UInt64
        /// Tile and bundle files (relative to the ledger folder) that no checkpoint covers.
        public var files: [String]
    }

    public func tail(treeSize: UInt64) throws -> Tail {
        var files: [String] = []
        var furthest = treeSize
        // Level -1 stands for the entry bundles, which are laid out like level 0.
        var level = -1
        while true {
            let levelDirectory = level < 0 ? "tile/entries" : "tile/\(level)"
            if level >= 0 && !FileSystem.isDirectory(path(levelDirectory)) { break }
            let count = LedgerStore.countAtLevel(max(level, 0), treeSize: treeSize)
            var index = count / UInt64(LedgerStore.tileWidth)
            while true {
                let committedWidth = LedgerStore.width(level: max(level, 0), index: index, treeSize: treeSize)
                let fullPath = level < 0
                    ? TilePath.entryBundle(index: index, width: LedgerStore.tileWidth)
                    : TilePath.hashTile(level: level, index: index, width: LedgerStore.tileWidth)
                let partialDirectory = fullPath + ".p"
                let hasFull = FileSystem.exists(path(fullPath))
                let partials = try FileSystem.list(path(partialDirectory)).compactMap { Int($0) }
                if !hasFull && partials.isEmpty { break }
                if hasFull && committedWidth < LedgerStore.tileWidth {
                    files.append(fullPath)
                    if level < 0 { furthest = max(furthest, (index + 1) * UInt64(LedgerStore.tileWidth)) }
                }
                for width in partials where width > committedWidth && committedWidth < LedgerStore.tileWidth {
                    files.append("\(partialDirectory)/\(width)")
                    if level < 0 { furthest = max(furthest, index * UInt64(LedgerStore.tileWidth) + UInt64(width)) }
                }
                index += 1
            }
            level += 1
            if level > 8 { break }
        }
        return Tail(entries: furthest - treeSize, files: files)
    }

    /// Moves a tail's files to `dropped/<size>-<milliseconds>/` (same relative paths),
    /// durably, and returns that folder relative to the ledger folder.
    func quarantine(_ tail: Tail, after size: UInt64) throws -> String {
        let name = "dropped/\(size)-\(Timestamp.now().milliseconds)"
        for file in tail.files {
            let target = path("\(name)/\(file)")
            try FileSystem.createDirectories((target as NSString).deletingLastPathComponent, durable: false)
            if rename(path(file), target) != 0 { throw FileSystem.ioError(errno, "move", path(file)) }
        }
        try FileSystem.syncFileSystem(directory)
        return name
    }
}
