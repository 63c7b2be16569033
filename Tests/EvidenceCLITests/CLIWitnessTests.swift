import EvidenceStore
import Foundation
import Testing

/// Witnessing (C2SP tlog-cosignature): a witness cosigns only checkpoints consistent with
/// the last one it cosigned, and `audit --witness-key` requires a valid cosignature.
@Suite("CLI: witnessing")
struct CLIWitnessTests {
    /// `witness keygen`: the private key file and the verifier key (also in FILE.pub).
    private func makeWitness(_ bed: CLITestbed, _ name: String) throws -> (keyFile: String, verifierKey: String) {
        let file = bed.path("\(name.replacingOccurrences(of: "/", with: "_")).key")
        let made = try bed.ok(["witness", "keygen", "--name", name, "-o", file, "--json"])
        let vkey = try #require(try made.json()["verifierKey"] as? String)
        #expect(String(decoding: try bed.read(file + ".pub"), as: UTF8.self) == vkey + "\n")
        var info = stat()
        #expect(stat(file, &info) == 0 && info.st_mode & 0o077 == 0, "the private key file is private")
        #expect(!vkey.contains("PRIVATE"), "\(vkey)")
        return (file, vkey)
    }

    private func cosign(_ bed: CLITestbed, _ witness: String, state: String, _ extra: [String] = []) throws -> RunResult {
        try bed.run(["witness", "cosign", "--witness-key", witness, "--state", state, "--json"] + extra + [bed.repo],
                    environment: ["EVIDENCE_USER": nil, "EVIDENCE_PASSPHRASE": nil, "EVIDENCE_REPO": nil])
    }

    @Test("cosign needs the log key the first time, then follows the log; audit verifies the cosignatures")
    func cosignAndAudit() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            let witness = try makeWitness(bed, "cps.example/witness")
            let state = bed.path("witness-state")
            let first = try cosign(bed, witness.keyFile, state: state)
            #expect(first.status == 64, "the first cosignature needs --verifier-key\n\(first)")
            let keyFile = try bed.write("log.vkey", key + "\n")
            let cosigned = try cosign(bed, witness.keyFile, state: state, ["--verifier-key", keyFile])
            try #require(cosigned.status == 0, "\(cosigned)")
            let size = try #require(try cosigned.json()["size"] as? Int)
            let note = String(decoding: try bed.read(bed.repoPath("ledger/cosigned/\(size)")), as: UTF8.self)
            #expect(note.contains("\n— cps.example/witness "), "the cosigned checkpoint carries the witness's line\n\(note)")
            var report = try bed.auditIntact(key, ["--witness-key", witness.verifierKey])
            #expect((report["witnessed"] as? [[String: Any]])?.first?["size"] as? Int == size, "\(report)")

            // The log grows; the witness cosigns again after checking consistency.
            try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let again = try cosign(bed, witness.keyFile, state: state)
            try #require(again.status == 0, "\(again)")
            #expect(try again.json()["previousSize"] as? Int == size)
            let grown = try #require(try again.json()["size"] as? Int)
            report = try bed.auditIntact(key, ["--witness-key", witness.verifierKey])
            #expect((report["witnessed"] as? [[String: Any]])?.first?["size"] as? Int == grown, "\(report)")

            // Two witnesses: both lines end up in the same file; a witness that never cosigned fails audit.
            let second = try makeWitness(bed, "court.example/w2")
            try #require(try cosign(bed, second.keyFile, state: bed.path("w2-state"), ["--verifier-key", key]).status == 0)
            let both = String(decoding: try bed.read(bed.repoPath("ledger/cosigned/\(grown)")), as: UTF8.self)
            #expect(both.contains("— cps.example/witness ") && both.contains("— court.example/w2 "), "\(both)")
            try bed.auditIntact(key, ["--witness-key", witness.verifierKey, "--witness-key", second.keyFile + ".pub"])
            let absent = try makeWitness(bed, "absent.example/w3")
            expectNamed(try bed.auditFails(key, ["--witness-key", absent.verifierKey]),
                        "witness absent.example/w3+")
            // A log key given where a witness key is expected is a usage error.
            #expect(try bed.audit(key, ["--witness-key", key]).status == 64)
        }
    }

    @Test("a bad cosignature fails audit, naming the file and the witness")
    func badCosignature() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            let witness = try makeWitness(bed, "cps.example/witness")
            let cosigned = try cosign(bed, witness.keyFile, state: bed.path("ws"), ["--verifier-key", key])
            let size = try #require(try cosigned.json()["size"] as? Int)
            let path = bed.repoPath("ledger/cosigned/\(size)")
            // Change the cosignature's timestamp (its first byte after the key ID), keeping the base64 valid.
            var lines = String(decoding: try bed.read(path), as: UTF8.self).components(separatedBy: "\n")
            let index = try #require(lines.firstIndex { $0.hasPrefix("— cps.example/witness ") })
            let encoded = String(lines[index].dropFirst("— cps.example/witness ".count))
            var raw = try #require(Base64.decode(encoded))
            raw[4] ^= 0x01
            lines[index] = "— cps.example/witness " + Base64.encode(raw)
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
            let audit = try bed.auditFails(key, ["--witness-key", witness.verifierKey])
            expectNamed(audit, "ledger/cosigned/\(size)")
            expectNamed(audit, "invalid signature for key cps.example/witness+")
        }
    }

    @Test("a rolled-back or rewritten log never gathers the witness's signature")
    func forkRefused() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            let witness = try makeWitness(bed, "cps.example/witness")
            let state = bed.path("ws")
            let backup = try bed.copyRepository(to: "backup")
            try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let cosigned = try cosign(bed, witness.keyFile, state: state, ["--verifier-key", key])
            let size = try #require(try cosigned.json()["size"] as? Int)

            // Rolled back to the backup: refused.
            try FileManager.default.removeItem(atPath: bed.repo)
            try FileManager.default.moveItem(atPath: backup, toPath: bed.repo)
            let rolledBack = try cosign(bed, witness.keyFile, state: state)
            #expect(rolledBack.status == 65, "\(rolledBack)")
            #expect(rolledBack.errorLine?.contains("fewer than the \(size) this witness cosigned") == true, "\(rolledBack)")

            // Rewritten: the old copy grows past the cosigned size with other entries (a fork).
            let forkHost: [String: String?] = ["EVIDENCE_STATE": bed.path("fork-host")]
            try bed.ok(["add", "--case", "CR-1", try bed.write("in/f/b.txt", "beta"), try bed.write("in/f/c.txt", "gamma")],
                       environment: forkHost)
            let forked = try cosign(bed, witness.keyFile, state: state)
            #expect(forked.status == 65, "\(forked)")
            #expect(forked.errorLine?.contains("not consistent with the checkpoint of \(size) entries this witness cosigned") == true,
                    "\(forked)")
            let sizes = bed.files(under: bed.repoPath("ledger/cosigned"))
            #expect(sizes.isEmpty, "nothing was cosigned on the forked log: \(sizes)")
        }
    }
}
