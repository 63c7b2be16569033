import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer at a time: an exclusive `flock` on `locks/writer`, which the kernel
/// releases when the process dies, so a crash never leaves a stale lock behind.
/// Readers never take it.
public final class WriterLock {
    private var fd: Int32

    /// Waits up to `wait` seconds for the lock; 75 (busy) after that.
    public init(repositoryPath: String, wait: Double) throws {
        let directory = (repositoryPath as NSString).appendingPathComponent("locks")
        try FileSystem.createDirectories(directory)
        let path = (directory as NSString).appendingPathComponent("writer")
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileSystem.ioError(errno, "open the lock file", path) }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let code = errno
                close(fd)
                throw FileSystem.ioError(code, "lock", path)
            }
            if Date() >= deadline {
                close(fd)
                let waited = wait > 0 ? " after waiting \(Self.format(wait)) s" : ""
                // The plain sentence cannot name the flag; the service takes a wait too, hence the field.
                throw EvidenceError(.busy, field: .wait,
                                    "The repository is busy: another evidence command is writing to it\(waited); try again or \(cli: "pass \(option: .wait)", plain: "wait longer for it").")
            }
            usleep(50_000)
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    public func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
