import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Objects as files under a folder (`objects/` of a repository: key `<case id>/<xx>/<name>`
/// is the file `objects/<case id>/<xx>/<name>`, FORMAT §6).
///
/// An upload is a `.tmp-` file in the folder it will be committed to, renamed into place by
/// its commit: the discipline of `ObjectWriter`, whose O_DIRECT pipeline still writes the
/// repository's objects itself. A process killed mid-upload leaves a `.tmp-` file, which no
/// key can name and `list` skips (and which `add` clears under the writer lock).
public final class PosixObjectStorage: ObjectStorage {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    func path(_ key: ObjectKey) -> String { (directory as NSString).appendingPathComponent(key.string) }

    func folderPath(_ folder: String) -> String {
        folder.isEmpty ? directory : (directory as NSString).appendingPathComponent(folder)
    }

    public func beginUpload(in folder: String) async throws -> any ObjectUpload {
        try ObjectKey.validatePrefix(folder)
        let staging = folderPath(folder)
        try FileSystem.createDirectories(staging, durable: false)
        let temporary = try FileSystem.temporaryPath(in: staging)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileSystem.ioError(errno, "write", temporary) }
        return PosixObjectUpload(storage: self, fd: fd, temporaryPath: temporary)
    }

    public func get(_ key: ObjectKey, range: Range<UInt64>?) async throws -> [UInt8] {
        let file = path(key)
        // Not following links: an object is a file of the store's own.
        let fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ELOOP || errno == ENOTDIR { throw StorageError.notFound(key.string) }
            throw FileSystem.ioError(errno, "read", file)
        }
        defer { close(fd) }
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0 else { throw FileSystem.ioError(errno, "read", file) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw StorageError.notFound(key.string) }
        let size = UInt64(info.st_size)
        let wanted = range ?? 0..<size
        guard wanted.upperBound <= size else {
            throw StorageError.invalidRange(key: key.string, requested: wanted, size: size)
        }
        var bytes = [UInt8](repeating: 0, count: Int(wanted.count))
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while done < buffer.count {
                let count = pread(fd, base + done, buffer.count - done, off_t(wanted.lowerBound) + off_t(done))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FileSystem.ioError(errno, "read", file)
                }
                if count == 0 { throw EvidenceError(.io, "\(file) ended while it was read.") }
                done += count
            }
        }
        return bytes
    }

    public func stat(_ key: ObjectKey) async throws -> ObjectInfo? {
        var info = Glibc.stat()
        guard lstat(path(key), &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw FileSystem.ioError(errno, "read", path(key))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return ObjectInfo(size: UInt64(info.st_size))
    }

    public func delete(_ key: ObjectKey) async throws {
        let file = path(key)
        guard try await stat(key) != nil else { return }
        try FileSystem.remove(file)
    }

    public func list(prefix: String, after: ObjectKey?, limit: Int) async throws -> [ObjectKey] {
        try ObjectKey.validatePrefix(prefix)
        guard limit > 0 else { return [] }
        let slash = prefix.utf8.lastIndex(of: UInt8(ascii: "/"))
        let base = slash.map { String(prefix[..<$0]) } ?? ""
        var keys: [ObjectKey] = []
        try collect(base, prefix: prefix, into: &keys)
        return Array(keys.sorted().lazy.filter { key in after.map { $0 < key } ?? true }.prefix(limit))
    }

    /// Files under `relative` whose keys start with `prefix`, skipping dot names (uploads in
    /// progress, or left by a killed process).
    private func collect(_ relative: String, prefix: String, into keys: inout [ObjectKey]) throws {
        for name in try FileSystem.list(folderPath(relative)) where !name.hasPrefix(".") {
            let child = relative.isEmpty ? name : relative + "/" + name
            let full = folderPath(child)
            if FileSystem.isDirectory(full) {
                let folder = child + "/"
                if folder.hasPrefix(prefix) || prefix.hasPrefix(folder) { try collect(child, prefix: prefix, into: &keys) }
            } else if FileSystem.isRegularFile(full), child.hasPrefix(prefix), let key = try? ObjectKey(child) {
                keys.append(key)
            }
        }
    }

    /// One `syncfs` of the folder's file system (nothing to do before the folder exists).
    public func sync() async throws {
        guard FileSystem.isDirectory(directory) else { return }
        try FileSystem.syncFileSystem(directory)
    }
}
