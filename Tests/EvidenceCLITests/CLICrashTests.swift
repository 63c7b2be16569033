import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `kill -9` at any moment of `add`: the repository verifies and holds every reported item.
@Suite("CLI: crash safety")
struct CLICrashTests {
    /// When to kill the add.
    enum KillPoint: CustomStringConvertible {
        /// After a fixed delay from the start.
        case after(Double)
        /// As soon as `lines` items have been reported, plus a small random delay.
        case afterReported(Int, jitter: Double)

        var description: String {
            switch self {
            case let .after(seconds): return String(format: "after %.3f s", seconds)
            case let .afterReported(lines, jitter): return String(format: "%d lines + %.3f s", lines, jitter)
            }
        }
    }

    /// Writes a folder of 200 small files and three of several MiB, all of unique content.
    private func makeFolder(_ bed: CLITestbed, _ name: String) throws -> [String: Data] {
        var inputs: [String: Data] = [:]
        for index in 0..<200 {
            let data = randomData(200 + Int.random(in: 0..<4000))
            try bed.write("in/\(name)/small/s\(String(format: "%03d", index)).bin", data)
            inputs["\(name)/small/s\(String(format: "%03d", index)).bin"] = data
        }
        for index in 0..<3 {
            let data = randomData((3 << 20) + Int.random(in: 0..<(1 << 20)))
            try bed.write("in/\(name)/big\(index).bin", data)
            inputs["\(name)/big\(index).bin"] = data
        }
        return inputs
    }

    @Test("kill -9 during add at many moments: verify passes and every reported item is stored exactly")
    func killDuringAdd() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let seedData = randomData(10_000)
            var stored: [String: Data] = [try bed.addOne(try bed.write("in/seed.bin", seedData)): seedData]
            let points: [KillPoint] = [
                .after(0), .after(0.01 + Double.random(in: 0..<0.05)), .after(0.2 + Double.random(in: 0..<0.3)),
                .afterReported(1, jitter: 0), .afterReported(1, jitter: Double.random(in: 0..<0.02)),
                .after(1.0 + Double.random(in: 0..<0.6)), .afterReported(30, jitter: Double.random(in: 0..<0.3)),
                .after(2.5 + Double.random(in: 0..<1.0)),
            ]
            var tails = 0
            var reportedTotal = 0
            for (round, point) in points.enumerated() {
                let inputs = try makeFolder(bed, "round\(round)")
                let running = try bed.start(["add", "--case", "CR-1", "--json", bed.path("in/round\(round)")])
                switch point {
                case let .after(seconds):
                    if seconds > 0 { usleep(UInt32(seconds * 1_000_000)) }
                case let .afterReported(count, jitter):
                    let deadline = Date().addingTimeInterval(60)
                    while running.isRunning && running.completeLinesSoFar.count < count && Date() < deadline {
                        usleep(1_000)
                    }
                    if jitter > 0 { usleep(UInt32(jitter * 1_000_000)) }
                }
                running.kill(SIGKILL)
                let result = running.finish()
                let context = "round \(round), killed \(point)"
                #expect(result.signalled || result.status == 0, "\(context): \(result)")

                // What was reported before the kill: complete JSON lines only.
                var reported: [(id: String, path: String, sha256: String)] = []
                let text = result.out
                let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n") ?? text.startIndex)])
                for line in complete.split(separator: "\n") {
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                                              "\(context): not JSON: \(line)")
                    let id = try #require(object["id"] as? String)
                    let path = try #require(object["path"] as? String)
                    let sha = try #require(object["sha256"] as? String)
                    #expect(sha == (try sha256Hex(try #require(inputs[path]))), "\(context): reported hash of \(path)")
                    reported.append((id, path, sha))
                }
                reportedTotal += reported.count

                // verify passes (notes about a tail or unreferenced objects are fine).
                let verify = try bed.run(["verify", "--json"])
                #expect(verify.status == 0, "\(context): verify must pass after a crash\n\(verify)")
                let report = try verify.json()
                // A tail this host never signed is set aside by the next writer (and recorded); one
                // killed between signing and writing its checkpoint is completed instead.
                if (report["uncommittedTail"] as? Int ?? 0) > 0,
                   (report["notes"] as? [String] ?? []).contains(where: { $0.contains("interrupted commit, never signed") }) {
                    tails += 1
                }

                // Every reported item is listed with the reported hash, and reads back exactly.
                let listed = try bed.listItems()
                var listedByID: [String: [String: Any]] = [:]
                for item in listed { if let id = item["id"] as? String { listedByID[id] = item } }
                for item in reported {
                    let row = listedByID[item.id]
                    #expect(row != nil, "\(context): reported item \(item.id) (\(item.path)) is missing")
                    #expect(row?["sha256"] as? String == item.sha256, "\(context): \(item.id)")
                    stored[item.id] = inputs[item.path]
                }
                // Items committed but not reported (killed between the checkpoint and the print)
                // may exist, but only with content from this round's input.
                for (id, row) in listedByID where stored[id] == nil {
                    let path = try #require(row["path"] as? String)
                    let data = try #require(inputs[path], "\(context): unexpected item \(id) at \(path)")
                    #expect(row["sha256"] as? String == (try sha256Hex(data)))
                    stored[id] = data
                }
                // Read back the big files and a sample of the small ones.
                let sample = reported.filter { $0.path.contains("big") } + reported.shuffled().prefix(4)
                for item in sample {
                    #expect(try bed.get(item.id) == inputs[item.path], "\(context): \(item.path) reads back")
                }
            }
            #expect(Set(try bed.itemIDs()) == Set(stored.keys))

            // Another add works, and every dropped tail left a ledger.tail-dropped event.
            let after = try bed.add([bed.path("in/round0")])
            #expect(after.count == 203)
            // The temporary objects of the killed adds are gone.
            let objects = (bed.repo as NSString).appendingPathComponent("objects/\(try bed.caseID("CR-1"))")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: objects).filter { $0.hasPrefix(".tmp-") }
            #expect(leftovers.isEmpty, "\(leftovers)")
            let types = try bed.ok(["log", "--json"]).jsonLines().compactMap { $0["type"] as? String }
            #expect(types.filter { $0 == "ledger.tail-dropped" }.count >= tails, "tails seen by verify: \(tails); \(types.count) events")
            if tails > 0 { #expect(types.contains("ledger.tail-dropped")) }
            let finalReport = try bed.verifyIntact()
            #expect(finalReport["uncommittedTail"] as? Int == 0)
            print("crash test: \(reportedTotal) items reported before the kills, \(tails) uncommitted tails seen")
        }
    }

    @Test("an uncommitted tail (an add killed after its tiles, before its checkpoint): verify passes noting it and moves nothing; the next writer drops it")
    func uncommittedTail() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let kept = try bed.addOne(try bed.write("in/kept.txt", "kept"))
            // A real crash of this host's writer, at the moment a random kill rarely hits: its one
            // entry is durable in the tiles, its checkpoint never signed. One entry: the next writer
            // appends two, so a tail file it did not overwrite would linger inside the new tree's
            // size unless it is set aside.
            let killed = try bed.run(["add", "--case", "CR-1", "--json", try bed.write("in/tail/a.txt", "tail a")],
                                     environment: ["EVIDENCE_FAULT_KILL_AT": "tiles-written"])
            #expect(killed.signalled, "\(killed)")
            let record = (bed.state as NSString).appendingPathComponent("\(try bed.repositoryID())/pending-commit")
            #expect(FileManager.default.fileExists(atPath: record), "the host recorded what it was writing")

            // Readers see the committed ledger only.
            #expect(try bed.itemIDs() == [kept])
            let verify = try bed.run(["verify", "--json"])
            #expect(verify.status == 0, "an uncommitted tail of this host's is not a failure\n\(verify)")
            let report = try verify.json()
            #expect(report["uncommittedTail"] as? Int == 1, "\(verify)")
            #expect(report["intact"] as? Bool == true)
            #expect(report["recordedAt"] is NSNull, "verify writes nothing over a tail: \(verify)")
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("this host's own interrupted commit") }, "\(verify)")
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("ledger/dropped")), "verify moves nothing")

            // The next writer sets it aside, because this host's record describes it exactly.
            let again = try bed.add([bed.path("in/tail")])
            #expect(again.count == 1)
            #expect(again.allSatisfy { $0["duplicateOf"] == nil }, "dedup only lands on committed objects: \(again)")
            let events = try bed.ok(["log", "--json"]).jsonLines()
            let dropped = events.filter { $0["type"] as? String == "ledger.tail-dropped" }
            #expect(dropped.count == 1, "\(events.compactMap { $0["type"] as? String })")
            #expect((dropped.first?["public"] as? [String: Any])?["dropped"] as? Int == 1, "\(dropped)")
            let keptIn = try #require((dropped.first?["public"] as? [String: Any])?["keptIn"] as? String)
            #expect(FileManager.default.fileExists(atPath: bed.repoPath("ledger/\(keptIn)")), "the tail's files are kept aside")
            let text = try bed.ok(["log"]).out
            #expect(text.contains("dropped 1 uncommitted ledger entry"), "\(text)")
            #expect(try bed.itemIDs().count == 2)
            #expect(!FileManager.default.fileExists(atPath: record), "a finished commit leaves no record")
            try bed.verifyIntact()
        }
    }

    @Test("kill -9 during get -o FILE: FILE is either absent or complete, never a truncated exhibit")
    func killDuringGet() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = randomData(64 << 20)
            let id = try bed.addOne(try bed.write("in/extraction.bin", data))
            try FileManager.default.createDirectory(atPath: bed.path("out"), withIntermediateDirectories: true)
            var complete = 0
            for round in 0..<6 {
                let target = bed.path("out/copy\(round).bin")
                let running = try bed.start(["get", id, "-o", target])
                usleep(UInt32(([0.02, 0.06, 0.12, 0.2, 0.35, 0.6][round] + Double.random(in: 0..<0.03)) * 1_000_000))
                running.kill(SIGKILL)
                let result = running.finish()
                if FileManager.default.fileExists(atPath: target) {
                    #expect(try bed.read(target) == data, "round \(round): a file under the final name must be complete\n\(result)")
                    complete += 1
                }
            }
            // A fresh get still works and the repository is intact.
            let target = bed.path("out/final.bin")
            try bed.ok(["get", id, "-o", target])
            #expect(try bed.read(target) == data)
            try bed.verifyIntact()
            print("get crash test: \(complete) of 6 killed gets had completed")
        }
    }
}
