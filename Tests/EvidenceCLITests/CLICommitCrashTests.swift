import Foundation
import Testing

/// A writer killed at each step of the commit protocol (FORMAT §7.7), through the
/// `EVIDENCE_FAULT_KILL_AT` hook: its own host finishes or sets aside what it left, and
/// nothing a checkpoint signed, or that another host wrote, is ever dropped.
@Suite("CLI: commits killed at each step")
struct CLICommitCrashTests {
    private func recordPath(_ bed: CLITestbed, state: String? = nil) throws -> String {
        ((state ?? bed.state) as NSString).appendingPathComponent("\(try bed.repositoryID())/pending-commit")
    }

    private func killedAdd(_ bed: CLITestbed, _ name: String, at point: String,
                           environment extra: [String: String?] = [:]) throws -> Data {
        let data = Data("\(name) \(UUID().uuidString)".utf8)
        let result = try bed.run(["add", "--case", "CR-1", "--json", try bed.write("in/\(name).txt", data)],
                                 environment: extra.merging(["EVIDENCE_FAULT_KILL_AT": point]) { $1 })
        #expect(result.signalled, "the add should die at \(point)\n\(result)")
        return data
    }

    private func contents(_ bed: CLITestbed) throws -> Set<Data> {
        Set(try bed.itemIDs().map { try bed.get($0) })
    }

    @Test("killed after signing, before writing the checkpoint: verify notes it and writes nothing; the next writer completes the commit")
    func killedAfterSigning() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let kept = Data("kept".utf8)
            try bed.addOne(try bed.write("in/kept.txt", kept))
            let signed = try killedAdd(bed, "signed", at: "checkpoint-signed")
            // (list only: get is a writer, since it records the read.)
            #expect(try bed.itemIDs().count == 1)
            let verify = try bed.run(["verify", "--json"])
            #expect(verify.status == 0, "\(verify)")
            let report = try verify.json()
            #expect(report["uncommittedTail"] as? Int == 1, "\(verify)")
            #expect(report["recordedAt"] is NSNull, "\(verify)")
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("signed but interrupted") }, "\(verify)")

            // The next writer puts the checkpoint this host signed in place: nothing is dropped.
            let later = Data("later".utf8)
            try bed.addOne(try bed.write("in/later.txt", later))
            #expect(try contents(bed) == [kept, signed, later])
            #expect(try bed.events("ledger.tail-dropped").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("ledger/dropped")))
            #expect(!FileManager.default.fileExists(atPath: try recordPath(bed)))
            try bed.verifyIntact()
            try bed.auditIntact(try bed.verifierKey())
        }
    }

    @Test("killed after writing the checkpoint: committed; rolled back to before it, this host's next writer restores it instead of dropping it")
    func killedAfterTheCheckpoint() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let kept = Data("kept".utf8)
            try bed.addOne(try bed.write("in/kept.txt", kept))

            // Without interference the commit simply stands, and the next writer tidies up.
            let first = try killedAdd(bed, "first", at: "checkpoint-written")
            #expect(try contents(bed) == [kept, first])
            let second = Data("second".utf8)
            try bed.addOne(try bed.write("in/second.txt", second))
            #expect(!FileManager.default.fileExists(atPath: try recordPath(bed)))

            // Killed there again (this host then still remembers the checkpoint before it), and an
            // attacker copies that older checkpoint back: the record, which holds the signed
            // checkpoint, makes the next writer restore it rather than drop the entries.
            let old = try bed.read(bed.repoPath("ledger/checkpoint"))
            let third = try killedAdd(bed, "third", at: "checkpoint-written")
            try old.write(to: URL(fileURLWithPath: bed.repoPath("ledger/checkpoint")))
            let fourth = Data("fourth".utf8)
            try bed.addOne(try bed.write("in/fourth.txt", fourth))
            #expect(try contents(bed) == [kept, first, second, third, fourth])
            #expect(try bed.events("ledger.tail-dropped").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("ledger/dropped")))
            try bed.verifyIntact()
        }
    }

    @Test("one host's interrupted commit: another host refuses to write and drops nothing; the host that wrote it sets it aside")
    func interruptedOnAnotherHost() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let kept = Data("kept".utf8)
            try bed.addOne(try bed.write("in/kept.txt", kept))
            let hostB: [String: String?] = ["EVIDENCE_STATE": bed.path("host-b")]
            try bed.ok(["list"], environment: hostB)
            _ = try killedAdd(bed, "lost", at: "tiles-written")
            let snapshot = try bed.tileSnapshot()

            let refused = try bed.fails(65, ["add", "--case", "CR-1", try bed.write("in/b.txt", "b")], environment: hostB)
            #expect(refused.errorLine?.contains("1 ledger entry beyond the newest checkpoint") == true, "\(refused)")
            #expect(refused.errorLine?.contains("run any writing evidence command on the host that wrote them") == true, "\(refused)")
            let verify = try bed.run(["verify", "--json"], environment: hostB)
            #expect(verify.status == 65, "\(verify)")
            try bed.expectNothingMoved(snapshot, "host B")

            // Host A, whose record describes the tail, sets it aside; then host B writes again.
            let fromA = Data("from A".utf8)
            try bed.addOne(try bed.write("in/a.txt", fromA))
            #expect(try bed.events("ledger.tail-dropped").count == 1)
            try bed.ok(["add", "--case", "CR-1", try bed.write("in/b2.txt", "b")], environment: hostB)
            #expect(try contents(bed) == [kept, fromA, Data("b".utf8)])
            try bed.verifyIntact()
            #expect(try bed.run(["verify"], environment: hostB).status == 0)
        }
    }
}
