#if canImport(Glibc)
import Glibc
#endif

/// A file given to `add` that changed while it was read: refused, nothing stored for it (its
/// temporary object is deleted), so that no item carries a hash that matches no version of it.
public struct ChangedSource: Error, Sendable, Equatable {
    /// The file's absolute path.
    public let path: String
    /// What was seen to change, as a phrase ("its size went from 10 to 20 bytes").
    public let change: String
}

/// What `add` saw of a source file when it opened it, compared with what it sees once the file
/// has been read. A file that changes while it is read is detected by its size, its modification
/// and status-change times, the bytes read against the size, and the path still naming the same
/// file. Timestamps have the file system's granularity (nanoseconds on ext4 and tmpfs, coarser on
/// some), so a same-size rewrite within one tick of the previous write could go unseen; a
/// growing or shrinking file never does.
struct SourceSnapshot {
    private let device: UInt64
    private let inode: UInt64
    let size: Int64
    private let modified: timespec
    private let statusChanged: timespec

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = info.st_mtim
        statusChanged = info.st_ctim
    }

    /// Whether `other` (e.g. a second descriptor) is the same file.
    func isSameFile(as other: stat) -> Bool {
        UInt64(other.st_dev) == device && UInt64(other.st_ino) == inode
    }

    /// What changed since the snapshot, or nil when nothing did. `fd` is the descriptor that
    /// was read, `path` the name it was opened by, `bytesRead` what the object holds.
    func change(fd: Int32, path: RawPath, bytesRead: UInt64) throws -> String? {
        var now = stat()
        guard fstat(fd, &now) == 0 else { throw FileSystem.ioError(errno, "read", path.display) }
        if Int64(now.st_size) != size { return "its size went from \(size) to \(now.st_size) bytes" }
        if bytesRead != UInt64(max(0, size)) { return "\(bytesRead) bytes were read where it held \(size)" }
        if !Self.same(now.st_mtim, modified) || !Self.same(now.st_ctim, statusChanged) {
            return "it was written to"
        }
        var named = stat()
        guard path.withCString({ lstat($0, &named) }) == 0 else { return "it was removed or renamed" }
        if !isSameFile(as: named) { return "another file took its name" }
        return nil
    }

    private static func same(_ a: timespec, _ b: timespec) -> Bool {
        a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec
    }
}
