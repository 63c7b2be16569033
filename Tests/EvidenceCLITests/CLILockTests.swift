import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One writer at a time: `locks/writer` is an flock(2) lock; busy is 75 after --wait; readers never block.
@Suite("CLI: busy repository")
struct CLILockTests {
    /// True when another open file description holds an exclusive flock on `path`.
    private func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    @Test("a held lock gives 75 after --wait, readers still work, and a long enough --wait succeeds once released")
    func busyWithLockHeldByTheTest() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let earlier = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let file = try bed.write("in/b.txt", "bravo")
            let lockPath = bed.repoPath("locks/writer")
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            try #require(fd >= 0)
            try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
            var released = false
            defer { if !released { close(fd) } }

            let immediate = try bed.fails(75, ["add", "--case", "CR-1", file])
            #expect(immediate.err.contains("busy"), "\(immediate)")
            let waited = try bed.fails(75, ["add", "--case", "CR-1", "--wait", "1", file])
            #expect(waited.err.contains("busy"), "\(waited)")
            #expect(waited.seconds >= 0.95, "--wait 1 waits about a second, took \(waited.seconds) s")
            #expect(waited.seconds < 15, "--wait 1 should give up after about a second, took \(waited.seconds) s")
            for command in [["case", "create", "CR-2", "--title", "x", "--wait", "0.5"], ["amend", earlier, "--description", "x"],
                            ["get", earlier, "-o", "-"], ["verify"], ["passwd", "--new-passphrase-file", try bed.secretFile("secrets/n", "x")]] {
                try bed.fails(75, command)
            }
            // Readers never block.
            #expect(try bed.itemIDs() == [earlier])
            try bed.ok(["show", earlier])
            try bed.ok(["log"])
            try bed.ok(["checkpoint"])

            // Release the lock after 1.5 s while a writer waits up to 30 s.
            let running = try bed.start(["add", "--case", "CR-1", "--json", "--wait", "30", file])
            usleep(1_500_000)
            #expect(running.isRunning, "the writer should still be waiting for the lock")
            close(fd)
            released = true
            let result = running.finish()
            #expect(result.status == 0, "\(result)")
            #expect(result.seconds >= 1.4, "it waited for the release (\(result.seconds) s)")
            let added = try result.jsonLines().first?["id"] as? String
            #expect(try bed.itemIDs() == [earlier] + [added].compactMap { $0 })
            try bed.verifyIntact()
        }
    }

    @Test("a lock held by another process (flock(1)) gives 75, and is released when that process is killed")
    func busyWithFlockProcess() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let earlier = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let file = try bed.write("in/b.txt", "bravo")
            let lockPath = bed.repoPath("locks/writer")
            let flockTool = ["/usr/bin/flock", "/bin/flock"].first { FileManager.default.isExecutableFile(atPath: $0) }
            let holder = Process()
            // One process holds the lock: the shell opens the lock file as fd 9, flock(1) locks that
            // open file, and the shell becomes `sleep`, keeping fd 9 (and so the lock) until it dies.
            holder.executableURL = URL(fileURLWithPath: "/bin/sh")
            holder.arguments = ["-c", "exec 9>>\"$0\"; \"$1\" 9 || exit 1; exec sleep 60", lockPath,
                                try #require(flockTool, "flock(1) is not installed")]
            holder.standardOutput = FileHandle.nullDevice
            holder.standardError = FileHandle.nullDevice
            holder.standardInput = FileHandle.nullDevice
            try holder.run()
            bed.atEnd { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
            let deadline = Date().addingTimeInterval(10)
            while !isLocked(lockPath) && Date() < deadline { usleep(10_000) }
            try #require(isLocked(lockPath), "flock(1) did not take the lock")

            let start = Date()
            let result = try bed.fails(75, ["add", "--case", "CR-1", "--wait", "1", file])
            #expect(Date().timeIntervalSince(start) >= 0.95)
            #expect(result.errorLine?.contains("busy") == true)
            #expect(try bed.itemIDs() == [earlier])

            // The kernel releases the lock when its holder dies (kill -9, no clean-up).
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
            let lines = try bed.add(["--wait", "5", file])
            #expect(lines.count == 1)
            #expect(try bed.itemIDs().count == 2)
            try bed.verifyIntact()
        }
    }

    @Test("concurrent writers with --wait are serialised: all succeed, readers keep working, nothing is lost")
    func concurrentWriters() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            var inputs: [String: Data] = [:]
            for writer in 0..<4 {
                for index in 0..<15 {
                    let data = randomData(1_000 + index)
                    try bed.write("in/w\(writer)/f\(index)", data)
                    inputs["w\(writer)/f\(index)"] = data
                }
            }
            let running = try (0..<4).map { writer in
                try bed.start(["add", "--case", "CR-1", "--json", "--wait", "60", bed.path("in/w\(writer)")])
            }
            // Readers never block while the writers queue up.
            var reads = 0
            while running.contains(where: { $0.isRunning }) {
                let readers = try [["list", "--json"], ["log", "--json"], ["case", "list"]].map { try bed.start($0) }
                for reader in readers {
                    let result = reader.finish()
                    #expect(result.status == 0, "a reader failed while writers ran\n\(result)")
                    reads += 1
                }
                usleep(20_000)
            }
            var reported: [String: String] = [:]
            for process in running {
                let result = process.finish()
                #expect(result.status == 0, "\(result)")
                for line in try result.jsonLines() {
                    reported[try #require(line["id"] as? String)] = try #require(line["path"] as? String)
                }
            }
            #expect(reported.count == inputs.count)
            let listed = try bed.listItems()
            #expect(Set(listed.compactMap { $0["id"] as? String }) == Set(reported.keys))
            for item in listed {
                let path = try #require(item["path"] as? String)
                #expect(item["sha256"] as? String == (try sha256Hex(try #require(inputs[path]))))
            }
            let sequences = try bed.ok(["log", "--json"]).jsonLines().compactMap { $0["seq"] as? Int }
            #expect(sequences == Array(0..<sequences.count), "one linear ledger")
            try bed.verifyIntact()
            #expect(reads > 0)
        }
    }
}
