import Foundation
import Testing

/// `evidence verify` and `evidence checkpoint` on an intact repository.
@Suite("CLI: verify and checkpoint")
struct CLIVerifyTests {
    @Test("verify passes with 'Intact.', checks every object, and records its run")
    func verifyIntact() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            try bed.add([try bed.write("in/a/one.txt", "one"), try bed.write("in/a/two.bin", randomData(70_000))])
            let text = try bed.ok(["verify"])
            #expect(text.outLines.last == "Intact.", "\(text)")
            #expect(text.out.contains("Items: 2"), "\(text)")
            let report = try bed.verifyIntact()
            #expect(report["items"] as? Int == 2)
            #expect(report["objectsDecrypted"] as? Int == 2)
            #expect((report["problems"] as? [Any])?.isEmpty == true)
            #expect(report["uncommittedTail"] as? Int == 0)
            let types = try bed.ok(["log", "--json"]).jsonLines().compactMap { $0["type"] as? String }
            #expect(types.filter { $0 == "verification.run" }.count == 2, "each verify run is an event: \(types)")
        }
    }

    @Test("checkpoint prints a signed note that grows with the ledger; --verifier-key matches init")
    func checkpoint() throws {
        try CLITestbed.run { bed in
            let initAnswer = try bed.initRepository()
            let key = try #require(initAnswer["verifierKey"] as? String)
            let repositoryID = try bed.repositoryID()
            let first = try bed.ok(["checkpoint"])
            let lines = first.out.components(separatedBy: "\n")
            #expect(lines.first?.hasSuffix("/evidence/\(repositoryID)") == true, "origin line: \(first)")
            let size = try #require(Int(lines.count > 1 ? lines[1] : ""), "size line: \(first)")
            #expect(lines.count > 2 && lines[2].count == 44, "base64 root hash line: \(first)")
            #expect(first.out.contains("\n\n\u{2014} \(lines[0]) "), "a C2SP signed note signature line: \(first)")
            let json = try bed.ok(["checkpoint", "--json"]).json()
            #expect(json["size"] as? Int == size)
            #expect(json["origin"] as? String == lines[0])
            #expect(json["note"] as? String == first.out)
            try bed.createCase("CR-1")
            let second = try bed.ok(["checkpoint", "--json"]).json()
            #expect((second["size"] as? Int ?? 0) > size, "the checkpoint grows: \(second)")
            #expect(FileManager.default.fileExists(atPath: bed.repoPath("ledger/checkpoints/\(size)")),
                    "every checkpoint is kept")
            #expect(try bed.ok(["checkpoint", "--verifier-key"]).out == key + "\n")
            // Public: no user or passphrase needed.
            let anonymous = try bed.run(["checkpoint", "--verifier-key"],
                                        environment: ["EVIDENCE_USER": nil, "EVIDENCE_PASSPHRASE": nil])
            #expect(anonymous.status == 0 && anonymous.out == key + "\n", "\(anonymous)")
        }
    }
}
