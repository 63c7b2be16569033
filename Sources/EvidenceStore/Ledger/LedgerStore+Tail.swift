import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Entries written beyond the newest checkpoint: what a writer killed between writing
/// its tiles and signing its checkpoint leaves behind, a commit in progress, or signed
/// entries whose checkpoint was removed. Only the host that wrote them can tell the first
/// from the others (FORMAT §7.7): they are set aside only on its word.
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

    /// The leaf hashes of the tail's entries, in order (entry `size` first), read from every
    /// bundle file of the tail; a tail whose files disagree about an entry, or leave one out,
    /// is an error.
    func tailLeafHashes(_ tail: Tail, after size: UInt64) throws -> [[UInt8]] {
        var entries: [UInt64: [UInt8]] = [:]
        for file in tail.files {
            guard let ref = TilePath.parse(file), ref.kind == .entries else { continue }
            let bundle = try EntryBundle.decode(try FileSystem.read(path(file), limit: Self.maxBundleBytes),
                                                expectedCount: ref.width)
            for (offset, entry) in bundle.enumerated() {
                let index = ref.index * UInt64(Self.tileWidth) + UInt64(offset)
                guard index >= size else { continue }
                if let other = entries[index], other != entry {
                    throw LedgerError.malformed("the files beyond the checkpoint hold two different entries \(index)")
                }
                entries[index] = entry
            }
        }
        return try (size..<(size + tail.entries)).map { index in
            guard let entry = entries[index] else { throw LedgerError.missingFile("entry \(index) beyond the checkpoint") }
            return try Merkle.leafHash(entry)
        }
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
