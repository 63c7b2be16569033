import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Verify's scratch catalog (docs/VERIFICATION.md): one a killed verify left behind is removed
/// by the next verify on the host; one a running verify holds is left alone.
@Suite("CLI: verify's scratch catalog")
struct CLIVerifyScratchTests {
    @Test("a scratch catalog a killed verify left is removed by the next verify; one in use is kept")
    func abandonedScratchIsRemoved() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            try bed.addOne(try bed.write("in/a.txt", "scratch test"))
            let folder = (try bed.catalogPath() as NSString).deletingLastPathComponent
            func scratch(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
            let abandoned = [".verify-abandoned.sqlite", ".verify-abandoned.sqlite-wal", ".verify-abandoned.sqlite-shm"]
            for name in abandoned { try Data("left by a killed verify".utf8).write(to: URL(fileURLWithPath: scratch(name))) }
            // One a verify still running holds: its lock is taken here, as that verify's is.
            let live = scratch(".verify-running.sqlite")
            let fd = open(live, O_RDWR | O_CREAT, 0o600)
            try #require(fd >= 0)
            defer { close(fd) }
            try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)

            try bed.verifyIntact()
            let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".verify-") }
            #expect(left == [".verify-running.sqlite"], "\(left)")
        }
    }
}
