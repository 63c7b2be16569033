import Foundation
import Testing

/// A rollback that would truncate the log: an older checkpoint copied back over
/// `ledger/checkpoint` with the newer archives deleted. No command may move or delete the
/// newer, signed entries; every reader and writer that can tell exits 65 and says what to do.
@Suite("CLI: rollback of the checkpoint")
struct CLIRollbackTests {
    @Test("another host, which never saw the newer checkpoint: verify and writers exit 65 and move nothing; the restore brings every item back")
    func rolledBackSeenFromAnotherHost() throws {
        try CLITestbed.run { bed in
            let attack = try bed.rollBackAsAttacker()
            let snapshot = try bed.tileSnapshot()
            let otherHost: [String: String?] = ["EVIDENCE_STATE": bed.path("other-host")]

            // verify reads, reports the entries it cannot account for, and writes nothing.
            let verify = try bed.run(["verify", "--json"], environment: otherHost)
            #expect(verify.status == 65, "\(verify)")
            let report = try verify.json()
            #expect(report["intact"] as? Bool == false, "\(verify)")
            #expect(report["uncommittedTail"] as? Int == attack.newSize - attack.oldSize, "\(verify)")
            #expect(report["recordedAt"] is NSNull, "verify must not write: \(verify)")
            let problems = (report["problems"] as? [String] ?? []).joined(separator: "\n")
            #expect(problems.contains("that this host did not write"), "\(verify)")
            try bed.expectNothingMoved(snapshot, "verify on another host")

            // Every writer refuses with one sentence that says what happened and what to do.
            for command in [["add", "--case", "CR-1", try bed.write("in/more.txt", "more")],
                            ["case", "create", "CR-2", "--title", "x"], ["amend", attack.before[0].id, "--description", "x"]] {
                let refused = try bed.fails(65, command, environment: otherHost)
                let sentence = refused.errorLine ?? ""
                #expect(sentence.contains("\(attack.newSize - attack.oldSize) ledger entries beyond the newest checkpoint"),
                        "\(refused)")
                #expect(sentence.contains("that this host did not write"), "\(refused)")
                #expect(sentence.contains("rolled back"), "\(refused)")
                #expect(sentence.contains("ledger/checkpoint"), "says what to put back: \(refused)")
                try bed.expectNothingMoved(snapshot, "\(command[0]) on another host")
            }
            // A second verify still finds them: nothing was recorded, nothing set aside.
            #expect(try bed.run(["verify"], environment: otherHost).status == 65)
            try bed.expectNothingMoved(snapshot, "second verify")
            // An auditor holding the newest checkpoint sees the rollback too.
            let kept = try bed.write("kept-checkpoint", attack.newest)
            expectNamed(try bed.auditFails(attack.verifierKey, ["--trusted-checkpoint", kept]), "rolled back")

            // Putting the newest checkpoint back restores the log exactly: no item was lost.
            try bed.expectRestored(attack, environment: otherHost)
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("ledger/dropped")))
        }
    }

    @Test("the host that saw the newer checkpoint: every reader and writer exits 65 and moves nothing; the host's copy restores it")
    func rolledBackSeenFromTheSameHost() throws {
        try CLITestbed.run { bed in
            let attack = try bed.rollBackAsAttacker()
            let snapshot = try bed.tileSnapshot()
            let memory = (bed.state as NSString).appendingPathComponent("\(try bed.repositoryID())/checkpoint")

            // Readers fail: a rollback is a finding, not a warning.
            for command in [["list"], ["show", attack.before[0].id], ["get", attack.before[0].id, "-o", "-"], ["log"],
                            ["case", "list"], ["checkpoint"]] {
                let refused = try bed.fails(65, command)
                let sentence = refused.errorLine ?? ""
                #expect(sentence.contains("seen this repository's ledger at \(attack.newSize) entries"), "\(refused)")
                #expect(sentence.contains("only \(attack.oldSize)"), "\(refused)")
                #expect(sentence.contains("rolled back"), "\(refused)")
                // The newer entries are still there: the sentence says how to put them back.
                #expect(sentence.contains("copying \(memory) over ledger/checkpoint"), "\(refused)")
            }
            expectNamed(try bed.verifyFails(), "rolled back")
            let refused = try bed.fails(65, ["add", "--case", "CR-1", try bed.write("in/more.txt", "more")])
            #expect(refused.errorLine?.contains("rolled back") == true, "\(refused)")
            expectNamed(try bed.auditFails(attack.verifierKey, state: bed.state), "rolled back")
            try bed.expectNothingMoved(snapshot, "the same host")

            // The host's memory is the newest checkpoint: copying it back restores everything.
            #expect(try bed.read(memory) == attack.newest)
            try bed.expectRestored(attack)
        }
    }
}
