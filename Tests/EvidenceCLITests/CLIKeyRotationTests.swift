import EvidenceStore
import Foundation
import Testing

/// `evidence key rotate-log`: the old log key signs the announcement of the new one;
/// verify, audit and witnesses follow the chain from the key they were given.
@Suite("CLI: log key rotation")
struct CLIKeyRotationTests {
    @Test("rotate-log: later checkpoints are signed with the new key; audit with the first key follows the chain")
    func rotation() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let first = try bed.verifierKey()
            let before = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let witness = bed.path("w.key")
            try bed.ok(["witness", "keygen", "--name", "cps.example/w", "-o", witness])
            let witnessState = bed.path("ws")
            try bed.ok(["witness", "cosign", "--witness-key", witness, "--state", witnessState, "--verifier-key", first])

            // Only an administrator rotates the log key.
            try bed.fails(77, ["key", "rotate-log"])
            try bed.addOfficer("late", roles: ["investigator"])
            let invitation = try bed.invite("pending", roles: ["investigator"])
            let pending = try bed.fails(64, ["key", "rotate-log"], environment: bed.asAdmin)
            #expect(pending.errorLine?.contains("pending") == true, "\(pending)")
            try bed.enrol("pending", code: invitation.code)
            let rotated = try bed.ok(["key", "rotate-log", "--json"], environment: bed.asAdmin).json()
            let next = try #require(rotated["verifierKey"] as? String)
            #expect(next != first && rotated["previous"] as? String == first)
            let seq = try #require(rotated["seq"] as? Int)

            // The checkpoint now verifies with the new key only; officers keep writing.
            let after = try bed.addOne(try bed.write("in/b.txt", "beta"))
            let note = try SignedNote.parse([UInt8](try bed.read(bed.repoPath("ledger/checkpoint"))))
            #expect(throws: (any Error).self) { try SignedCheckpoint.open(note.encoded, verifier: try NoteVerifierKey(parsing: first)) }
            _ = try SignedCheckpoint.open(note.encoded, verifier: try NoteVerifierKey(parsing: next))
            #expect(try bed.get(before) == Data("alpha".utf8) && bed.get(after) == Data("beta".utf8))
            // A user enrolled before the rotation, and one enrolled just before it, both write.
            try bed.ok(["case", "create", "CR-2", "--title", "Second"], environment: ["EVIDENCE_USER": "late"])
            try bed.ok(["case", "create", "CR-3", "--title", "Third"], environment: ["EVIDENCE_USER": "pending"])
            // A user invited after the rotation receives the new key.
            try bed.addOfficer("newer", roles: ["investigator"])
            try bed.ok(["case", "create", "CR-4", "--title", "Fourth"], environment: ["EVIDENCE_USER": "newer"])

            // verify on a fresh host, and audit from either key.
            let fresh: [String: String?] = ["EVIDENCE_STATE": bed.path("fresh-host")]
            let verify = try bed.run(["verify", "--json"], environment: fresh)
            #expect(verify.status == 0, "\(verify)")
            let report = try bed.auditIntact(first)
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("rotated at ledger entry \(seq)") }, "\(report)")
            let fromNew = try bed.auditIntact(next)
            #expect((fromNew["notes"] as? [String] ?? []).contains { $0.contains("came into force at ledger entry \(seq)") }, "\(fromNew)")
            // The witness follows the rotation from the key it first trusted.
            let cosigned = try bed.run(["witness", "cosign", "--witness-key", witness, "--state", witnessState, bed.repo])
            #expect(cosigned.status == 0, "\(cosigned)")
            try bed.auditIntact(first, ["--witness-key", witness + ".pub"])

            // A checkpoint signed with the retired key after the rotation is refused: the key
            // came from the administrator's generation-1 keyring, as a former holder would have it.
            let body = note.text
            let admin = try bed.openIdentity(root: bed.repo, name: bed.adminName, passphrase: bed.passphrase)
            let keyring = try #require(try KeyEnvelope.open(
                root: bed.repo, repositoryID: try bed.repositoryID(), purpose: .repositoryKeyring,
                subject: try bed.repositoryID(), generation: 1, holder: .user(admin.id), privateKey: admin.sealing))
            let retiredKey = try Ed25519.PrivateKey(seed: keyring.slice(5..<37))
            let firstKey = try NoteVerifierKey(parsing: first)
            #expect(retiredKey.publicKey == firstKey.publicKey, "the generation-1 keyring holds the first log key")
            let retired = try NoteSigner(name: firstKey.name, key: retiredKey)
            try Data(try SignedNote.sign(text: body, signers: [retired])).write(to: URL(fileURLWithPath: bed.repoPath("ledger/checkpoint")))
            expectNamed(try bed.auditFails(first), "ledger/checkpoint is not validly signed by the log key \(next)")
        }
    }
}
