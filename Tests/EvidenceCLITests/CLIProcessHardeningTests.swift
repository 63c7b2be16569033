import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running evidence process keeps no passphrase in its environment block and
/// cannot dump core. Shown on real processes, held at a point where they wait (for the
/// writer lock, or for a passphrase file that is a FIFO), through what /proc shows of them.
@Suite("CLI: process hardening")
struct CLIProcessHardeningTests {
    static let setprivPath = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Running as another user needs root (and setpriv from util-linux).
    static let canSwitchUser = geteuid() == 0 && setprivPath != nil
    /// An unprivileged user id for the process under test.
    static let otherUser = "65534"

    private static func file(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// The soft and hard "Max core file size" of /proc/PID/limits.
    private static func coreLimits(_ pid: Int32) -> [String]? {
        guard let data = file("/proc/\(pid)/limits") else { return nil }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        return line.map { $0.dropFirst("Max core file size".count).split(separator: " ").prefix(2).map(String.init) }
    }

    private static func owner(_ path: String) -> uid_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_uid : nil
    }

    /// True once the process holds `suffix` open (e.g. the writer lock it is waiting for).
    private static func waitUntilOpen(_ pid: Int32, _ suffix: String, timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let folder = "/proc/\(pid)/fd"
            for fd in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(fd)"),
                   target.hasSuffix(suffix) {
                    return true
                }
            }
            usleep(10_000)
        }
        return false
    }

    @Test("a waiting evidence process shows no passphrase in /proc/PID/environ, and its core file limit is 0")
    func environmentScrubbedAndNoCore() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let file = try bed.write("in/a.txt", "alpha")
            let secrets: [String: String] = [
                "EVIDENCE_PASSPHRASE": bed.passphrase,
                "EVIDENCE_NEW_PASSPHRASE": "new-\(UUID().uuidString)",
                "EVIDENCE_RECOVERY_PASSPHRASE": "recovery-\(UUID().uuidString)",
                "EVIDENCE_NEW_RECOVERY_PASSPHRASE": "new-recovery-\(UUID().uuidString)",
            ]
            // Hold the writer lock, so that the add signs in and then waits.
            let lockPath = bed.repoPath("locks/writer")
            let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            try #require(lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0)
            var released = false
            defer { if !released { close(lock) } }
            let running = try bed.start(["add", "--case", "CR-1", "--json", "--wait", "60", file],
                                        environment: secrets.mapValues { Optional($0) })
            defer { running.kill() }

            // A control started with the same environment (not evidence) shows every value: the
            // check below can fail.
            let control = Process()
            control.executableURL = URL(fileURLWithPath: "/bin/sleep")
            control.arguments = ["30"]
            control.environment = bed.processEnvironment(secrets.mapValues { Optional($0) })
            try control.run()
            defer { control.terminate() }
            usleep(100_000)
            let controlEnvironment = try #require(Self.file("/proc/\(control.processIdentifier)/environ"))
            for value in secrets.values {
                #expect(controlEnvironment.range(of: Data(value.utf8)) != nil, "the control should show \(value)")
            }

            if geteuid() == 0 {
                try #require(Self.waitUntilOpen(running.pid, "locks/writer"), "the add never reached the writer lock")
                let environment = try #require(Self.file("/proc/\(running.pid)/environ"), "cannot read the environ of \(running.pid)")
                #expect(environment.range(of: Data("EVIDENCE_USER=officer".utf8)) != nil,
                        "the environment block is there and readable")
                for (name, value) in secrets {
                    #expect(environment.range(of: Data(value.utf8)) == nil, "\(name)'s value is still in /proc/PID/environ")
                }
            } else {
                // Not root: a process that is not dumpable keeps /proc/PID/environ from its own user.
                usleep(1_500_000)
                #expect(Self.file("/proc/\(running.pid)/environ") == nil, "an unprivileged user could read the environment block")
            }
            #expect(running.isRunning, "the add should still be waiting for the lock")
            #expect(Self.coreLimits(running.pid) == ["0", "0"], "core limits \(String(describing: Self.coreLimits(running.pid)))")

            close(lock)
            released = true
            let result = running.finish()
            #expect(result.status == 0, "the passphrase taken from the environment signed in\n\(result)")
            #expect(try result.jsonLines().count == 1)
            try bed.verifyIntact()
        }
    }

    @Test("an evidence process is not dumpable: run as another user, its /proc files belong to root",
          .enabled(if: canSwitchUser, "needs root and setpriv to run a process as another user"))
    func notDumpable() throws {
        try CLITestbed.run { bed in
            let setpriv = try #require(Self.setprivPath)
            let binary = try EvidenceBinary.path()
            // The other user must reach the FIFO; the rest of the folder holds nothing yet.
            try #require(chmod(bed.root, 0o755) == 0)
            let fifo = bed.path("passphrase-fifo")
            try #require(mkfifo(fifo, 0o600) == 0 && chmod(fifo, 0o666) == 0)
            func asOtherUser(_ arguments: [String]) throws -> Process {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: setpriv)
                process.arguments = ["--reuid", Self.otherUser, "--regid", Self.otherUser, "--clear-groups"] + arguments
                process.environment = ["PATH": "/usr/bin:/bin", "EVIDENCE_USER": "admin"]
                process.standardInput = FileHandle.nullDevice
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            // init reads its passphrase from the FIFO and waits there for a writer.
            let evidence = try asOtherUser([binary, "init", "--repo", bed.path("repo-other"), "--state", bed.path("state-other"),
                                            "--passphrase-file", fifo, "--kdf-cost", "10"])
            defer { if evidence.isRunning { sendSignal(evidence.processIdentifier, SIGKILL) } }
            let control = try asOtherUser(["/bin/sleep", "30"])
            defer { control.terminate() }

            // A writer may open a FIFO without blocking once a reader waits on it: evidence is then
            // past main.swift's start and inside the passphrase read.
            var writer: Int32 = -1
            let deadline = Date().addingTimeInterval(60)
            while writer < 0 && evidence.isRunning && Date() < deadline {
                writer = open(fifo, O_WRONLY | O_NONBLOCK)
                if writer < 0 { usleep(10_000) }
            }
            defer { if writer >= 0 { close(writer) } }
            try #require(writer >= 0, "evidence never opened its passphrase FIFO")
            let pid = evidence.processIdentifier
            #expect(Self.owner("/proc/\(control.processIdentifier)/environ") == uid_t(Self.otherUser),
                    "control: a dumpable process's /proc files belong to its user")
            #expect(Self.owner("/proc/\(pid)/environ") == 0 && Self.owner("/proc/\(pid)/mem") == 0,
                    "evidence's /proc files should belong to root (not dumpable)")
            #expect(Self.coreLimits(pid) == ["0", "0"], "core limits \(String(describing: Self.coreLimits(pid)))")
            sendSignal(pid, SIGKILL)
            evidence.waitUntilExit()
            #expect(!FileManager.default.fileExists(atPath: bed.path("repo-other/config")))
        }
    }
}
