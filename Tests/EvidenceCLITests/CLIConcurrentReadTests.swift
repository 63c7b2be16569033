import Foundation
import Testing

/// Lock-free readers while another process commits: `verify` and `audit` must never take a
/// commit that happens while they read for a rollback (or for any other problem).
@Suite("CLI: readers during commits")
struct CLIConcurrentReadTests {
    @Test("verify and audit, run again and again while a loop of adds commits: every run exits 0, none reports a rollback")
    func readersDuringCommits() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            try bed.addOne(try bed.write("in/seed.txt", "seed"))
            let key = try bed.verifierKey()
            var files: [String] = []
            for index in 0..<60 {
                files.append(try bed.write("in/loop/f\(index).bin", randomData(500 + index)))
            }
            // One process adds the files one by one: a commit every few tenths of a second.
            let writer = try bed.startShell(
                "for f in \"$@\"; do \"$EVIDENCE_BIN\" add --case CR-1 --wait 120 \"$f\" >/dev/null || exit 1; done", files)
            let outsider: [String: String?] = ["EVIDENCE_USER": nil, "EVIDENCE_PASSPHRASE": nil]
            var runs = 0
            var alarms: [String] = []
            while writer.isRunning {
                let readers = [
                    // verify as the writer's own user and host (the same host memory and catalog).
                    try bed.start(["verify", "--json", "--wait", "120"]),
                    // audit with this host's memory, and as an outside auditor with a state of its own.
                    try bed.start(["audit", "--verifier-key", key, "--json"],
                                  environment: outsider.merging(["EVIDENCE_STATE": bed.state]) { $1 }),
                    try bed.start(["audit", "--verifier-key", key, "--json"],
                                  environment: outsider.merging(["EVIDENCE_STATE": bed.path("auditor")]) { $1 }),
                ]
                for reader in readers {
                    let result = reader.finish()
                    runs += 1
                    if result.status != 0 || result.signalled { alarms.append("\(result)") }
                }
            }
            let written = writer.finish()
            #expect(written.status == 0, "\(written)")
            #expect(alarms.isEmpty, "\(alarms.count) of \(runs) reader runs failed:\n\(alarms.joined(separator: "\n"))")
            #expect(runs >= 9, "the readers ran while the writer committed (\(runs) runs)")
            #expect(try bed.itemIDs().count == files.count + 1)
            try bed.verifyIntact()
            try bed.auditIntact(key, state: bed.state)
            print("readers during commits: \(runs) reader runs, \(alarms.count) alarms")
        }
    }
}
