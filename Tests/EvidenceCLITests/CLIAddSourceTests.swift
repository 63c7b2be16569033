import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `add` does with sources that are not one stable regular file: nothing to add
/// at all (66), and a file that changes while it is read (65, nothing stored for it, the other
/// files committed).
@Suite("CLI: add sources")
struct CLIAddSourceTests {
    /// How many ledger entries the acting user sees.
    private func entryCount(_ bed: CLITestbed) throws -> Int { try bed.ok(["log", "--json"]).jsonLines().count }

    @Test("add of nothing but special files, links or an empty folder exits 66, names what it skipped, records nothing")
    func nothingToAdd() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let seed = randomData(10_000)
            let seedID = try bed.addOne(try bed.write("in/seed.bin", seed))
            let entries = try entryCount(bed)

            let fifo = bed.path("in/fifo")
            try #require(mkfifo(fifo, 0o600) == 0)
            let onlyFifo = try bed.fails(66, ["add", "--case", "CR-1", fifo])
            #expect(onlyFifo.errorLine == "evidence: Nothing was added: the paths given hold no regular file (1 skipped, named above).",
                    "\(onlyFifo)")
            #expect(onlyFifo.errLines.contains("warning: Skipped \(fifo): it is a FIFO (named pipe), not a regular file."),
                    "\(onlyFifo)")

            try FileManager.default.createDirectory(atPath: bed.path("in/empty"), withIntermediateDirectories: true)
            let empty = try bed.fails(66, ["add", "--case", "CR-1", bed.path("in/empty")])
            #expect(empty.errorLine == "evidence: Nothing was added: the paths given hold no regular file.", "\(empty)")

            // A folder of a FIFO and a symbolic link: both named, nothing added.
            try FileManager.default.createDirectory(atPath: bed.path("in/special"), withIntermediateDirectories: true)
            try #require(mkfifo(bed.path("in/special/pipe"), 0o600) == 0)
            try #require(symlink(bed.path("in/seed.bin"), bed.path("in/special/link")) == 0)
            let special = try bed.fails(66, ["add", "--case", "CR-1", bed.path("in/special")])
            #expect(special.errorLine?.contains("(2 skipped, named above)") == true, "\(special)")
            #expect(special.err.contains("Skipped special/pipe: it is a FIFO") && special.err.contains("Skipped special/link: symbolic links"),
                    "\(special)")
            #expect(try entryCount(bed) == entries, "nothing was recorded")

            // With a regular file beside the FIFO, the file is added and the FIFO named.
            let mixed = try bed.ok(["add", "--case", "CR-1", "--json", fifo, try bed.write("in/b.txt", "bravo")])
            #expect(try mixed.jsonLines().count == 1 && mixed.err.contains("Skipped \(fifo): it is a FIFO"), "\(mixed)")
            #expect(try bed.get(seedID) == seed)
            try bed.verifyIntact()
        }
    }

    enum Change: String, CaseIterable, CustomStringConvertible {
        case append, truncate, overwrite
        var description: String { rawValue }
    }

    /// Changes `path` as a concurrent writer would.
    private func apply(_ change: Change, to path: String) throws {
        let fd = open(path, O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        switch change {
        case .append:
            let more = randomData(100_000)
            _ = lseek(fd, 0, SEEK_END)
            try #require(more.withUnsafeBytes { writeAll(fd, $0) })
        case .truncate:
            try #require(ftruncate(fd, 300_000) == 0)
        case .overwrite:
            // Same size: only the times and the bytes differ.
            let patch = randomData(4096)
            try #require(patch.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, 0) } == 4096)
        }
    }

    @Test("a file appended to, truncated or rewritten while add reads it is refused (65); nothing is stored for it; the others are")
    func changedWhileRead() throws {
        try CLITestbed.run { bed in
            // 64 KiB chunks: the 1 MiB file is read in 16, so add pauses with most of it unread.
            try bed.initRepository(extra: ["--chunk-size", "65536"])
            try bed.createCase("CR-1")
            let seed = randomData(50_000)
            var stored: [String: Data] = [try bed.addOne(try bed.write("in/seed.bin", seed)): seed]

            for change in Change.allCases {
                let folder = "in/\(change)"
                let first = randomData(200_000), last = randomData(100_000)
                try bed.write("\(folder)/a.bin", first)
                let changing = try bed.write("\(folder)/changing.bin", randomData(1 << 20))
                try bed.write("\(folder)/z.bin", last)
                let pause = bed.path("pause-\(change)")
                try FileManager.default.createDirectory(atPath: pause, withIntermediateDirectories: true)
                let entries = try entryCount(bed)
                let running = try bed.start(["add", "--case", "CR-1", "--json", bed.path(folder)], environment: [
                    "EVIDENCE_FAULT_PAUSE_AT": "add.read", "EVIDENCE_FAULT_PAUSE_DIR": pause,
                    "EVIDENCE_FAULT_PAUSE_SUBJECT": "changing.bin",
                ])
                let deadline = Date().addingTimeInterval(60)
                while running.isRunning && !FileManager.default.fileExists(atPath: pause + "/paused") && Date() < deadline {
                    usleep(5_000)
                }
                try #require(FileManager.default.fileExists(atPath: pause + "/paused"), "\(change): add never paused\n\(running.finish())")
                // The concurrent writer, while add holds the file open with its first chunk read.
                try apply(change, to: changing)
                _ = FileManager.default.createFile(atPath: pause + "/resume", contents: nil)
                let result = running.finish()

                #expect(result.status == 65 && !result.signalled, "\(change): \(result)")
                let sentence = result.errorLine ?? ""
                #expect(sentence.hasPrefix("evidence: \(changing) changed while it was read (")
                        && sentence.contains("and was refused: nothing was stored for it; the 2 other files were stored."),
                        "\(change): \(result)")
                #expect(result.errLines.contains { $0.hasPrefix("warning: Refused \(changing): it changed while it was read") },
                        "\(change): \(result)")
                // The two other files were committed and reported, and hold exactly their bytes.
                let lines = try result.jsonLines()
                #expect(lines.compactMap { $0["path"] as? String } == ["\(change)/a.bin", "\(change)/z.bin"], "\(change): \(lines)")
                for (line, data) in zip(lines, [first, last]) {
                    let id = try #require(line["id"] as? String)
                    #expect(try bed.get(id) == data)
                    stored[id] = data
                }
                #expect(try entryCount(bed) == entries + 2 + 2, "\(change): two item.added and the two reads just made")
                // No object, not even a temporary one, is left for the refused file.
                let objects = bed.files(under: bed.repoPath("objects"))
                #expect(!objects.contains { $0.contains(".tmp-") }, "\(change): temporary objects left: \(objects)")
                #expect(bed.objectFiles().count == stored.count, "\(change): \(objects)")
            }

            // A single changing file: 65 and nothing recorded at all.
            let alone = try bed.write("in/alone/changing.bin", randomData(1 << 20))
            let pause = bed.path("pause-alone")
            try FileManager.default.createDirectory(atPath: pause, withIntermediateDirectories: true)
            let entries = try entryCount(bed)
            let running = try bed.start(["add", "--case", "CR-1", alone], environment: [
                "EVIDENCE_FAULT_PAUSE_AT": "add.read", "EVIDENCE_FAULT_PAUSE_DIR": pause,
            ])
            let deadline = Date().addingTimeInterval(60)
            while running.isRunning && !FileManager.default.fileExists(atPath: pause + "/paused") && Date() < deadline { usleep(5_000) }
            try apply(.append, to: alone)
            _ = FileManager.default.createFile(atPath: pause + "/resume", contents: nil)
            let result = running.finish()
            #expect(result.status == 65, "\(result)")
            #expect(result.errorLine?.hasSuffix("and was refused: nothing was stored for it. Add it again once nothing writes to it.") == true,
                    "\(result)")
            #expect(try entryCount(bed) == entries)
            #expect(bed.objectFiles().count == stored.count)

            // Once nothing writes to it, the file is added under the hash of what it now holds.
            let now = try bed.read(alone)
            let line = try #require(try bed.add([alone]).first)
            #expect(line["sha256"] as? String == (try sha256Hex(now)))
            // Nothing committed was lost.
            for (id, data) in stored { #expect(try bed.get(id) == data) }
            try bed.verifyIntact()
        }
    }
}
