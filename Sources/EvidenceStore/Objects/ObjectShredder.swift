import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crypto-shredding of one object file: the header's key nonce and sealed data key
/// (bytes 20..<80, §6) are overwritten with random bytes and flushed before the file is
/// removed, so that even blocks the file system keeps after the unlink hold no key that
/// opens the chunks. (Copy-on-write file systems and SSDs may still keep the old header
/// block; docs/SECURITY.md says so.)
enum ObjectShredder {
    static let keyRange = 20..<80

    /// Destroys the object at `path`; a missing file is already destroyed.
    static func destroy(_ path: String) throws {
        guard FileSystem.exists(path) else { return }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0, Int(info.st_size) >= keyRange.upperBound {
                let noise = try SecureRandom.bytes(keyRange.count)
                let written = noise.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(keyRange.lowerBound)) }
                guard written == keyRange.count else { throw FileSystem.ioError(errno, "overwrite the data key of", path) }
                try FileSystem.sync(fd, path: path)
            }
        }
        try FileSystem.remove(path)
        try FileSystem.syncDirectory((path as NSString).deletingLastPathComponent)
    }
}
