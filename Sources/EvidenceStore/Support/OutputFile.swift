import CSystemCalls
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where `evidence get -o PATH` may write an item's plaintext, decided before the read is
/// recorded: nothing the user did not mean to lose is replaced, no symbolic link is followed or
/// replaced, and a FIFO or device is written into rather than swapped for a regular file.
public struct OutputTarget: Sendable {
    enum Kind: Sendable, Equatable {
        case standardOutput
        /// Nothing there yet: a new file.
        case newFile
        /// A regular file the user asked to replace (--force): replaced atomically.
        case replacedFile
        /// A FIFO or device: opened and written into as it is (a block device only with --force).
        case node
    }

    let path: String
    let kind: Kind

    /// Checks `path` ("-" is standard output). Refusals are usage errors (64): the user names
    /// another file or adds --force; a missing folder or a folder as the target is 74 as before.
    public static func examine(_ path: String, force: Bool) throws -> OutputTarget {
        if path == "-" { return OutputTarget(path: path, kind: .standardOutput) }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let code = errno
            guard code == ENOENT else { throw FileSystem.ioError(code, "write", path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !FileSystem.isDirectory(folder) {
                throw EvidenceError(.io, "Cannot write \(path): the folder \(folder) does not exist.")
            }
            return OutputTarget(path: path, kind: .newFile)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard force else {
                throw EvidenceError(.usage, field: .force, "\(path) already exists: name a new file, or \(cli: "add \(name: .force) to replace it", plain: "allow replacing it").")
            }
            return OutputTarget(path: path, kind: .replacedFile)
        case S_IFLNK:
            throw EvidenceError(.usage, "\(path) is a symbolic link, which evidence never writes through or replaces: name the file itself.")
        case S_IFDIR:
            throw EvidenceError(.io, "Cannot write \(path): it is a folder; name a file.")
        case S_IFIFO, S_IFCHR:
            return OutputTarget(path: path, kind: .node)
        case S_IFBLK:
            guard force else {
                throw EvidenceError(.usage, field: .force,
                                    "\(path) is a block device: \(cli: "add \(name: .force)", plain: "allow replacing it") to write the item onto it.")
            }
            return OutputTarget(path: path, kind: .node)
        default:
            throw EvidenceError(.usage, "\(path) is a socket or other special file that cannot be written: name a file.")
        }
    }

    /// Opens the target for writing; with a new or replaced file, the bytes go to an unnamed
    /// file until `OutputFile.commit` names it. `warn` hears about abandoned partial copies
    /// removed from the target's folder.
    func open(warn: (String) -> Void) throws -> OutputFile {
        switch kind {
        case .standardOutput:
            return OutputFile(target: self, fd: STDOUT_FILENO, partialPath: nil, syncOnCommit: false)
        case .node:
            let fd = Glibc.open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystem.ioError(errno, "write", path) }
            var info = stat()
            let type = fstat(fd, &info) == 0 ? info.st_mode & S_IFMT : 0
            guard type == S_IFIFO || type == S_IFCHR || type == S_IFBLK else {
                close(fd)
                throw EvidenceError(.usage, "\(path) was replaced while the read was being recorded; nothing was written to it.")
            }
            return OutputFile(target: self, fd: fd, partialPath: nil, syncOnCommit: type == S_IFBLK)
        case .newFile, .replacedFile:
            let folder = Self.folder(of: path)
            let removed = PartialFiles.removeAbandoned(in: folder)
            if removed > 0 {
                warn("removed \(removed) incomplete cop\(removed == 1 ? "y" : "ies") an interrupted get left in \(folder)")
            }
            // An unnamed file: if this process dies, the kernel frees it and no plaintext is
            // left under any name. Where the file system has no O_TMPFILE, a named partial file,
            // locked while in use so that the next get into this folder can tell it abandoned.
            let tmpfile = FaultInjection.refuseTmpfile ? 0 : evidence_o_tmpfile()
            if tmpfile != 0 {
                let fd = Glibc.open(folder, tmpfile | O_WRONLY | O_CLOEXEC, 0o600)
                if fd >= 0 {
                    // Locked too: linked under a partial name before a --force rename, it is in use.
                    _ = flock(fd, LOCK_EX | LOCK_NB)
                    return OutputFile(target: self, fd: fd, partialPath: nil, syncOnCommit: true)
                }
                let code = errno
                guard code == EOPNOTSUPP || code == EISDIR || code == EINVAL else {
                    throw FileSystem.ioError(code, "write", path)
                }
            }
            let partial = try PartialFiles.newName(in: folder)
            let fd = Glibc.open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw FileSystem.ioError(errno, "write", path) }
            _ = flock(fd, LOCK_EX | LOCK_NB)
            return OutputFile(target: self, fd: fd, partialPath: partial, syncOnCommit: true)
        }
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}

/// An open output of `get`: `commit` puts the complete, verified bytes in place; `abandon`
/// leaves nothing behind but what was already written into a FIFO or device.
final class OutputFile {
    let target: OutputTarget
    let fd: Int32
    /// The named partial file (no O_TMPFILE), or nil.
    private var partialPath: String?
    private let syncOnCommit: Bool
    private var closed = false

    fileprivate init(target: OutputTarget, fd: Int32, partialPath: String?, syncOnCommit: Bool) {
        self.target = target
        self.fd = fd
        self.partialPath = partialPath
        self.syncOnCommit = syncOnCommit
    }

    var displayName: String { target.kind == .standardOutput ? "standard output" : target.path }

    func commit() throws {
        if syncOnCommit { try FileSystem.sync(fd, path: target.path) }
        switch target.kind {
        case .standardOutput, .node:
            closeOnce()
        case .newFile:
            if let partialPath {
                // link(2), unlike rename(2), never replaces what appeared meanwhile.
                try link(partialPath, to: target.path)
                unlink(partialPath)
                self.partialPath = nil
            } else {
                try linkOpenFile(to: target.path)
            }
            closeOnce()
            try FileSystem.syncDirectory(OutputTarget.folder(of: target.path))
        case .replacedFile:
            let folder = OutputTarget.folder(of: target.path)
            if partialPath == nil {
                let name = try PartialFiles.newName(in: folder)
                try linkOpenFile(to: name)
                partialPath = name
            }
            guard let partialPath else { return }
            // Checked again just before the rename, which would replace a link put there since.
            var info = stat()
            if lstat(target.path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                throw EvidenceError(.usage, "\(target.path) is no longer a regular file; nothing was replaced.")
            }
            if rename(partialPath, target.path) != 0 { throw FileSystem.ioError(errno, "write", target.path) }
            self.partialPath = nil
            closeOnce()
            try FileSystem.syncDirectory(folder)
        }
    }

    func abandon() {
        closeOnce()
        if let partialPath { unlink(partialPath) }
        partialPath = nil
    }

    private func closeOnce() {
        guard !closed else { return }
        closed = true
        if fd != STDOUT_FILENO { close(fd) }
    }

    private func link(_ existing: String, to path: String) throws {
        if Glibc.link(existing, path) != 0 { throw linkError(errno, path) }
    }

    /// Gives the unnamed (O_TMPFILE) file a name: linkat through /proc/self/fd, which needs no
    /// privilege, or AT_EMPTY_PATH (CAP_DAC_READ_SEARCH) where /proc is not mounted.
    private func linkOpenFile(to path: String) throws {
        if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return }
        let code = errno
        if code == ENOENT && !FileSystem.exists("/proc/self/fd"), evidence_at_empty_path() != 0,
           linkat(fd, "", AT_FDCWD, path, evidence_at_empty_path()) == 0 {
            return
        }
        throw linkError(code, path)
    }

    private func linkError(_ code: Int32, _ path: String) -> EvidenceError {
        if code == EEXIST {
            return EvidenceError(.usage, field: .force,
                                 "\(path) appeared while the item was being written and was left as it is: name a new file, or \(cli: "add \(name: .force) to replace it", plain: "allow replacing it").")
        }
        return FileSystem.ioError(code, "write", path)
    }
}

/// Named partial files of `get` (only where O_TMPFILE is missing, and briefly before a --force
/// rename): `.evidence-partial-<hex>` in the target's folder, flock-ed while their get runs.
enum PartialFiles {
    static let prefix = ".evidence-partial-"

    static func newName(in folder: String) throws -> String {
        (folder as NSString).appendingPathComponent(prefix + Hex.encode(try SecureRandom.bytes(8)))
    }

    /// Whether `name` is a partial file of get: ours, or `<target>.partial-<8 hex>` as get named
    /// them before O_TMPFILE (killed gets of earlier versions left plaintext under that name).
    static func isPartial(_ name: String) -> Bool {
        if name.hasPrefix(prefix) { return name.count == prefix.count + 16 && isHex(name.dropFirst(prefix.count)) }
        guard let range = name.range(of: ".partial-", options: .backwards), range.lowerBound != name.startIndex else {
            return false
        }
        let suffix = name[range.upperBound...]
        return suffix.count == 8 && isHex(suffix)
    }

    private static func isHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Removes the partial files in `folder` that belong to this user and that no running get
    /// holds locked (it was killed); returns how many. A file that cannot be opened or removed is
    /// left alone: this is a clean-up, never a reason to fail the get.
    static func removeAbandoned(in folder: String) -> Int {
        var removed = 0
        for name in (try? FileSystem.list(folder)) ?? [] where isPartial(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            let fd = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(),
                  flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }
}
