import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `get -o PATH` writes. An existing file is replaced only with --force (and
/// atomically), a symbolic link never, a FIFO or device is written into, and a get killed
/// part-way leaves no plaintext behind.
@Suite("CLI: get -o targets")
struct CLIGetOutputTests {
    /// The item.read events of `id`.
    private func reads(_ bed: CLITestbed, _ id: String) throws -> Int {
        try bed.ok(["log", "--item", id, "--json"]).jsonLines().filter { $0["type"] as? String == "item.read" }.count
    }

    private func lstatInfo(_ path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    /// Entries of a folder (hidden ones too), sorted.
    private func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test("an existing file is refused without --force (64, no read recorded) and replaced atomically with it; a symbolic link never")
    func existingTargets() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = randomData(300_000)
            let id = try bed.addOne(try bed.write("in/cctv.mp4", data))

            // An existing regular file: 64, the sentence says what to do, the file and the ledger untouched.
            let existing = try bed.write("out/existing.bin", "keep me")
            try #require(link(existing, bed.path("out/existing-hardlink")) == 0)
            let refused = try bed.fails(64, ["get", id, "-o", existing])
            #expect(refused.errorLine?.contains("already exists") == true && refused.errorLine?.contains("--force") == true,
                    "\(refused)")
            #expect(try bed.read(existing) == Data("keep me".utf8))
            #expect(try reads(bed, id) == 0, "a refused destination records no read")

            // --force: the file is replaced by a new one (renamed over it, never rewritten in place:
            // the old file's other name still holds its old bytes).
            let before = try #require(lstatInfo(existing))
            let forced = try bed.ok(["get", id, "-o", existing, "--force"])
            #expect(try bed.read(existing) == data, "\(forced)")
            let after = try #require(lstatInfo(existing))
            #expect(after.st_ino != before.st_ino, "replaced atomically by a new file")
            #expect(try bed.read(bed.path("out/existing-hardlink")) == Data("keep me".utf8))
            #expect(try reads(bed, id) == 1)

            // A symbolic link, to an existing file or to nowhere: 64 with or without --force; neither
            // the link nor what it points to is touched, and nothing is created where it points.
            let pointee = try bed.write("out/pointee.txt", "pointee")
            try #require(symlink(pointee, bed.path("out/link")) == 0)
            try #require(symlink(bed.path("out/nowhere.bin"), bed.path("out/dangling")) == 0)
            for name in ["link", "dangling"] {
                for extra in [[], ["--force"]] {
                    let result = try bed.fails(64, ["get", id, "-o", bed.path("out/\(name)")] + extra)
                    #expect(result.errorLine?.contains("symbolic link") == true, "\(result)")
                }
                #expect(lstatInfo(bed.path("out/\(name)")).map { $0.st_mode & S_IFMT } == S_IFLNK)
            }
            #expect(try bed.read(pointee) == Data("pointee".utf8))
            #expect(!FileManager.default.fileExists(atPath: bed.path("out/nowhere.bin")))
            #expect(try reads(bed, id) == 1)

            // A new file; and nothing else was left in the folder by any of it.
            try bed.ok(["get", id, "-o", bed.path("out/new.mp4")])
            #expect(try bed.read(bed.path("out/new.mp4")) == data)
            #expect(entries(bed.path("out")) == ["dangling", "existing-hardlink", "existing.bin", "link", "new.mp4", "pointee.txt"])
            #expect(try reads(bed, id) == 2)
            try bed.verifyIntact()
        }
    }

    @Test("a FIFO and a character device are written into, not replaced by a regular file")
    func fifoAndDevice() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = randomData(5 << 20)
            let id = try bed.addOne(try bed.write("in/extraction.bin", data))
            try FileManager.default.createDirectory(atPath: bed.path("out"), withIntermediateDirectories: true)

            // A FIFO with a reader (cat) behind it: the reader receives exactly the bytes.
            let fifo = bed.path("out/pipe")
            try #require(mkfifo(fifo, 0o600) == 0)
            let copy = bed.path("out-copy.bin")
            _ = FileManager.default.createFile(atPath: copy, contents: nil)
            let cat = Process()
            cat.executableURL = URL(fileURLWithPath: "/bin/cat")
            cat.arguments = [fifo]
            let copyHandle = try #require(FileHandle(forWritingAtPath: copy) as FileHandle?)
            cat.standardOutput = copyHandle
            try cat.run()
            let result = try bed.run(["get", id, "-o", fifo])
            if result.status != 0 {
                // Unblock cat, still waiting for a writer, before failing.
                let unblock = open(fifo, O_WRONLY | O_NONBLOCK)
                if unblock >= 0 { close(unblock) }
            }
            cat.waitUntilExit()
            #expect(result.status == 0, "\(result)")
            #expect(try bed.read(copy) == data, "the reader got the item's bytes")
            #expect(lstatInfo(fifo).map { $0.st_mode & S_IFMT } == S_IFIFO, "the FIFO is still a FIFO")

            // A character device: a node of our own like /dev/null (never the system's own, which a
            // regression would replace). Needs CAP_MKNOD; without it this part cannot be shown here.
            let device = bed.path("out/null")
            let null = try #require(lstatInfo("/dev/null"))
            if mknod(device, S_IFCHR | 0o666, null.st_rdev) == 0 {
                try bed.ok(["get", id, "-o", device])
                let after = try #require(lstatInfo(device))
                #expect(after.st_mode & S_IFMT == S_IFCHR && after.st_rdev == null.st_rdev, "the device node is unchanged")
            } else {
                print("[evidence-cli] fifoAndDevice: mknod refused (\(String(cString: strerror(errno)))); the device case was not run")
            }
            #expect(entries(bed.path("out")).allSatisfy { ["pipe", "null"].contains($0) }, "\(entries(bed.path("out")))")
            try bed.verifyIntact()
        }
    }

    /// Starts `get ITEM -o target` paused just after its first chunk was written, and waits for the pause.
    private func startPausedGet(_ bed: CLITestbed, _ id: String, _ target: String, pause: String,
                                extra: [String: String?] = [:]) throws -> RunningProcess {
        try FileManager.default.createDirectory(atPath: pause, withIntermediateDirectories: true)
        let running = try bed.start(["get", id, "-o", target], environment: extra.merging([
            "EVIDENCE_FAULT_PAUSE_AT": "get.write", "EVIDENCE_FAULT_PAUSE_DIR": pause,
        ]) { $1 })
        let deadline = Date().addingTimeInterval(60)
        while running.isRunning && !FileManager.default.fileExists(atPath: (pause as NSString).appendingPathComponent("paused"))
            && Date() < deadline {
            usleep(5_000)
        }
        try #require(running.isRunning, "get ended before its first chunk was written\n\(running.finish())")
        try #require(FileManager.default.fileExists(atPath: (pause as NSString).appendingPathComponent("paused")),
                     "get never reached its pause")
        return running
    }

    @Test("kill -9 in the middle of a get leaves no plaintext anywhere; with named partial files, the next get removes them")
    func killedGetLeavesNothing() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = randomData(24 << 20)
            let id = try bed.addOne(try bed.write("in/extraction.bin", data))
            let sample = data.subdata(in: 1000..<1064)

            // O_TMPFILE: while the first 4 MiB are written, the folder shows nothing; after the kill, nothing.
            let out = bed.path("out")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let running = try startPausedGet(bed, id, bed.path("out/copy.bin"), pause: bed.path("pause-1"))
            #expect(entries(out).isEmpty, "the copy being written has no name: \(entries(out))")
            running.kill(SIGKILL)
            #expect(running.finish().signalled)
            #expect(entries(out).isEmpty, "a killed get left \(entries(out))")
            var holding: [String] = []
            for relative in bed.files(under: bed.root) where !relative.hasPrefix("repo/") && !relative.hasPrefix("in/") {
                if (try bed.read(bed.path(relative))).range(of: sample) != nil { holding.append(relative) }
            }
            #expect(holding.isEmpty, "plaintext left behind in \(holding)")

            // Where the file system has no O_TMPFILE: a named partial file, which a kill leaves …
            let named = bed.path("named")
            try FileManager.default.createDirectory(atPath: named, withIntermediateDirectories: true)
            let fallback = try startPausedGet(bed, id, bed.path("named/copy.bin"), pause: bed.path("pause-2"),
                                              extra: ["EVIDENCE_FAULT_NO_TMPFILE": "1"])
            fallback.kill(SIGKILL)
            #expect(fallback.finish().signalled)
            let left = entries(named)
            #expect(left.count == 1 && left.first?.hasPrefix(".evidence-partial-") == true, "\(left)")
            if let partial = left.first {
                #expect((try bed.read(bed.path("named/\(partial)"))).range(of: sample) != nil,
                        "the partial file holds plaintext, which is why it must go")
            }
            // … a legacy `.partial-` of an earlier version too, and one that a running get holds
            // (locked) must stay; a file that only looks similar is not ours.
            try bed.write("named/copy.bin.partial-0a1b2c3d", "legacy partial plaintext")
            let live = try bed.write("named/.evidence-partial-00112233445566ff", "in use")
            try bed.write("named/notes.partial-draft", "the user's own file")
            let liveFD = open(live, O_RDONLY)
            try #require(liveFD >= 0 && flock(liveFD, LOCK_EX | LOCK_NB) == 0)
            let next = try bed.ok(["get", id, "-o", bed.path("named/again.bin")])
            #expect(next.err.contains("warning: removed 2 incomplete copies an interrupted get left in"), "\(next)")
            #expect(entries(named) == [".evidence-partial-00112233445566ff", "again.bin", "notes.partial-draft"],
                    "\(entries(named))")
            #expect(try bed.read(bed.path("named/again.bin")) == data)
            close(liveFD)
            try bed.ok(["get", id, "-o", bed.path("named/third.bin")], environment: ["EVIDENCE_FAULT_NO_TMPFILE": "1"])
            #expect(entries(named) == ["again.bin", "notes.partial-draft", "third.bin"], "\(entries(named))")
            #expect(try bed.read(bed.path("named/third.bin")) == data)
            try bed.verifyIntact()
        }
    }
}
