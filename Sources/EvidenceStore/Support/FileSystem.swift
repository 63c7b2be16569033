import CSystemCalls
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durable file operations: every write that the store reports as done has been
/// fsynced, and every new name has been made durable by fsyncing its directory.
///
/// Files are written to a temporary name in the same directory and renamed into
/// place, so a crash leaves either the old state or the new one, never half a file.
public enum FileSystem {
    /// `path` made absolute against the working directory, with `.` and `..` resolved,
    /// so that every path the store handles names its folder unambiguously.
    public static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads a whole file, refusing anything larger than `limit` (files in a repository
    /// may have been tampered with, so nothing is read without a bound).
    public static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(errno, "read", path) }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ioError(errno, "read", path)
            }
            if count == 0 { break }
            guard result.count + count <= limit else {
                throw EvidenceError(.data, "\(path) is larger than the \(limit) bytes such a file may hold.")
            }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }

    /// Reads a file that may be missing: nil when absent.
    public static func readIfPresent(_ path: String, limit: Int) throws -> [UInt8]? {
        guard exists(path) else { return nil }
        return try read(path, limit: limit)
    }

    /// Writes `bytes` to `path` atomically and durably (temp file, fsync, rename, fsync dir).
    /// With `exclusive`, an existing file at `path` is an error rather than replaced.
    /// With `durable: false` the file is whole-or-absent but only durable at the next
    /// `syncFileSystem` (used for a batch of files flushed together).
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], exclusive: Bool = false,
                                       durable: Bool = true) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = try temporaryPath(in: directory)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ioError(errno, "write", temporary) }
        do {
            try writeAll(fd, bytes, path: path)
            if durable { try sync(fd, path: path) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        if exclusive {
            // link(2) fails with EEXIST instead of replacing, unlike rename(2).
            if link(temporary, path) != 0 {
                let code = errno
                unlink(temporary)
                if code == EEXIST { throw EvidenceError(.data, "\(path) already exists.") }
                throw ioError(code, "write", path)
            }
            unlink(temporary)
        } else if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw ioError(code, "write", path)
        }
        if durable { try syncDirectory(directory) }
    }

    /// Creates `path` and any missing parents, fsyncing each parent that gained an entry.
    /// With `durable: false` the new entries become durable at the next `syncFileSystem`.
    public static func createDirectories(_ path: String, durable: Bool = true) throws {
        if path.isEmpty || isDirectory(path) { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try createDirectories(parent, durable: durable) }
        if mkdir(path, 0o700) != 0 {
            if errno == EEXIST && isDirectory(path) { return }
            throw ioError(errno, "create the folder", path)
        }
        if durable { try syncDirectory(parent.isEmpty ? "." : parent) }
    }

    /// Makes everything written to the file system holding `path` durable, in one flush:
    /// the group commit of a batch of objects (cheaper than one fsync per file and folder).
    public static func syncFileSystem(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(errno, "open the folder", path) }
        defer { close(fd) }
        if evidence_syncfs(fd) != 0 { throw ioError(errno, "flush to disk", path) }
    }

    public static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(errno, "open the folder", path) }
        defer { close(fd) }
        try sync(fd, path: path)
    }

    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw ioError(errno, "remove", path) }
    }

    /// Names in a directory (no "." or ".."), sorted; empty when the directory is missing.
    public static func list(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw ioError(errno, "list", path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = String(decoding: direntName(entry), as: UTF8.self)
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The name of a `readdir` entry, read through the pointer up to its NUL. Copying the
    /// `dirent` (`entry.pointee`) reads sizeof(dirent) bytes, but the kernel's record is only
    /// `d_reclen` long: for the last entry of a buffer that read can cross into an unmapped page
    /// (a crash listing a folder of 25,000 files).
    static func direntName(_ entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        let name = UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
        return Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(name), count: strlen(name)))
    }

    static func temporaryPath(in directory: String) throws -> String {
        let suffix = Hex.encode(try SecureRandom.bytes(8))
        return (directory as NSString).appendingPathComponent(".tmp-\(suffix)")
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            try writeAll(fd, buffer, path: path)
        }
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            try FaultInjection.checkWrite(bytes: buffer.count - offset)
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ioError(errno, "write", path)
            }
            offset += written
        }
    }

    static func sync(_ fd: Int32, path: String) throws {
        if fsync(fd) != 0 { throw ioError(errno, "flush to disk", path) }
    }

    /// One sentence for a failed system call; a full disk is named as such.
    public static func ioError(_ code: Int32, _ verb: String, _ path: String) -> EvidenceError {
        switch code {
        case ENOSPC, EDQUOT:
            return EvidenceError(.io, "The disk is full: could not \(verb) \(path); nothing was committed.")
        case ENOENT:
            return EvidenceError(.noInput, "\(path) does not exist.")
        case EACCES, EPERM:
            return EvidenceError(.io, "Permission denied: could not \(verb) \(path).")
        default:
            return EvidenceError(.io, "Could not \(verb) \(path): \(String(cString: strerror(code))).")
        }
    }
}
