import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishing a checkpoint with compare-and-swap on the tree size.
///
/// The check and the rename happen under an exclusive `flock` on the ledger folder itself
/// (no new file in the repository). Every publisher takes it, and `flock` locks belong to an
/// open file description, so two threads of one process exclude each other as two processes
/// do: on one host, the size read under the lock is the size replaced, a real compare-and-swap.
/// Writers also hold `locks/writer` for their whole transaction (FORMAT §9), always taken
/// before this one, so the two locks never wait on each other in opposite orders.
///
/// Across hosts on a shared folder this is only as good as the network file system's `flock`
/// (NFSv4 maps it to byte-range locks; others ignore it), and a losing writer on another host
/// may already have overwritten tiles beyond the tree before its publication fails. Such
/// deployments need a store whose compare-and-swap the server enforces (a conditional PUT, a
/// database row) and tile writes that cannot clobber another writer's: docs/STORAGE.md.
extension PosixLedgerStorage {
    func publishCheckpointBlocking(_ signed: [UInt8], size: UInt64, expectedPreviousSize: UInt64) throws {
        try CheckpointSizeLine.check(signed, size: size, expectedPreviousSize: expectedPreviousSize)
        try FileSystem.createDirectories(directory)
        let lock = try FolderLock(directory)
        defer { lock.release() }
        let found = CheckpointSizeLine.publishedSize(try readCheckpointBlocking())
        guard found == expectedPreviousSize else {
            throw StorageError.checkpointConflict(expected: expectedPreviousSize, found: found)
        }
        try FileSystem.writeAtomically(checkpointPath, signed)
    }
}

/// An exclusive `flock` on a folder, held until `release()`.
private struct FolderLock {
    let fd: Int32

    init(_ folder: String) throws {
        fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.ioError(errno, "open the folder", folder) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(fd)
                throw FileSystem.ioError(code, "lock", folder)
            }
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
