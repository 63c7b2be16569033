import Foundation
import Testing

/// Secrets never leak: no passphrase in any output, in the state folder, or anywhere else on disk.
@Suite("CLI: secrets")
struct CLISecretsTests {
    /// Every regular file under `directory` that contains any of `needles`.
    private func filesContaining(_ needles: [String], under directory: String, bed: CLITestbed) throws -> [String] {
        var hits: [String] = []
        for relative in bed.files(under: directory) {
            let full = (directory as NSString).appendingPathComponent(relative)
            let data = try bed.read(full)
            for needle in needles where data.range(of: Data(needle.utf8)) != nil {
                hits.append("\(relative) holds \(needle)")
            }
        }
        return hits
    }

    @Test("passphrases appear in no output and in no file outside the secrets given to the tool")
    func passphrasesNeverLeak() throws {
        try CLITestbed.run { bed in
            let first = bed.passphrase
            let recoveryPassphrase = "recovery-\(UUID().uuidString)"
            let second = "second-\(UUID().uuidString)"
            let third = "third-\(UUID().uuidString)"
            let recoveryFile = try bed.secretFile("secrets/recovery", recoveryPassphrase)
            try bed.initRepository(extra: ["--recovery-passphrase-file", recoveryFile])
            try bed.createCase("CR-1")
            let lines = try bed.add([try bed.write("in/docs/a.txt", "alpha"), try bed.write("in/docs/b.bin", randomData(100_000))])
            let id = try #require(lines.first?["id"] as? String)
            try bed.ok(["show", id]); try bed.ok(["show", id, "--json"])
            try FileManager.default.createDirectory(atPath: bed.path("out"), withIntermediateDirectories: true)
            try bed.ok(["get", id, "-o", bed.path("out/a.txt")], environment: ["EVIDENCE_REASON": "disclosure review"])
            try bed.ok(["amend", id, "--description", "amended"])
            try bed.ok(["log"]); try bed.ok(["log", "--json"])
            try bed.ok(["verify"]); try bed.ok(["verify", "--json"])
            try bed.ok(["key", "list"], environment: bed.asAdmin)
            try bed.ok(["key", "add", "--kdf-cost", "10", "--recovery-passphrase-file", recoveryFile],
                       environment: bed.asAdmin.merging(["EVIDENCE_NEW_RECOVERY_PASSPHRASE": "new-recovery-\(third)"]) { $1 })
            // Failures print sentences, never what was typed.
            try bed.fails(77, ["list"], environment: ["EVIDENCE_PASSPHRASE": "\(first)-typo"])
            try bed.fails(77, ["key", "add", "--kdf-cost", "10", "--recovery-passphrase-file", try bed.secretFile("secrets/bad", "bad-\(second)")],
                          environment: ["EVIDENCE_NEW_RECOVERY_PASSPHRASE": "unused-\(second)"])
            try bed.ok(["passwd", "--new-passphrase-file", try bed.secretFile("secrets/second", second)])
            bed.passphrase = second
            try bed.ok(["passwd"], environment: ["EVIDENCE_NEW_PASSPHRASE": third])
            bed.passphrase = third
            try bed.ok(["rebuild"])
            try bed.ok(["list", "--json"])

            let secrets = [first, second, third, recoveryPassphrase, "new-recovery-\(third)"]
            // Everything the tool printed (captured under io/) and every file outside the
            // repository but for the secret files the test itself wrote.
            var leaks = try filesContaining(secrets, under: bed.root, bed: bed).filter {
                !$0.hasPrefix("secrets/") && !$0.hasPrefix("repo/")
            }
            // Inside the repository only ciphertext: no passphrase in the clear either.
            leaks += try filesContaining(secrets, under: bed.repo, bed: bed).map { "repo/" + $0 }
            #expect(leaks.isEmpty, "secrets leaked: \(leaks)")
            // The state folder and outputs exist and were searched.
            #expect(!bed.files(under: bed.state).isEmpty)
            #expect(bed.files(under: bed.path("io")).count > 20)
        }
    }

    @Test("the recovery code printed by init is stored nowhere")
    func recoveryCodeNotStored() throws {
        try CLITestbed.run { bed in
            let answer = try bed.initRepository()
            let code = try #require(answer["recoveryCode"] as? String)
            try bed.createCase("CR-1")
            try bed.ok(["verify"])
            let everywhere = try filesContaining([code, code.replacingOccurrences(of: "-", with: "")],
                                                 under: bed.root, bed: bed)
            // Only the captured stdout of init itself holds it.
            #expect(everywhere.count == 1 && everywhere.first?.hasPrefix("io/") == true, "\(everywhere)")
        }
    }
}
