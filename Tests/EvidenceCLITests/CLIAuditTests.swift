import EvidenceStore
import Foundation
import Testing

/// `evidence audit` as an outsider runs it: arguments, exit codes, and disposed items.
@Suite("CLI: audit")
struct CLIAuditTests {
    @Test("bad arguments 64, no repository 66; the key may be given in a file; no user or passphrase needed")
    func arguments() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            #expect(try bed.audit("not-a-key").status == 64)
            #expect(try bed.run(["audit"], environment: ["EVIDENCE_USER": nil]).status == 64)
            let missing = try bed.run(["audit", "--verifier-key", key, "--repo", bed.path("nowhere")], environment: ["EVIDENCE_USER": nil])
            #expect(missing.status == 66, "\(missing)")
            let noCheckpoint = try bed.audit(key, ["--trusted-checkpoint", bed.path("no-such-file")])
            #expect(noCheckpoint.status == 66, "\(noCheckpoint)")
            let file = try bed.write("log.vkey", key + "\n")
            let report = try bed.auditIntact(file)
            #expect(report["entries"] as? Int ?? 0 > 0 && report["wrappedKeysChecked"] as? Int ?? 0 > 0, "\(report)")
            let text = try bed.audit(key)
            #expect(text.status == 0 && text.out.hasSuffix("Intact.\n"), "\(text)")
            // The repository's own stored key is never what audit trusts.
            let stranger = try NoteVerifierKey(name: try #require(key.split(separator: "+").first.map(String.init)),
                                               ed25519PublicKey: try Ed25519.PrivateKey.generate().publicKey)
            expectNamed(try bed.auditFails(stranger.encoded), "the ledger never announces the verifier key given")
        }
    }

    @Test("a witness key as the log key 64; an unreadable key 66; a trusted checkpoint that is not one of this log 65")
    func badInputs() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            try bed.ok(["witness", "keygen", "--name", "cps.example/w", "-o", bed.path("w.key")])
            try bed.fails(64, ["audit", "--verifier-key", bed.path("w.key.pub")], environment: ["EVIDENCE_USER": nil])
            try FileManager.default.createDirectory(atPath: bed.path("a-folder"), withIntermediateDirectories: true)
            try bed.fails(66, ["audit", "--verifier-key", bed.path("a-folder")], environment: ["EVIDENCE_USER": nil])

            let garbage = try bed.write("garbage.checkpoint", "not a checkpoint\n")
            let notOne = try bed.auditFails(key, ["--trusted-checkpoint", garbage])
            expectNamed(notOne, "trusted checkpoint \(garbage) does not verify")

            // A checkpoint of another repository, validly signed by its own log key.
            let otherRepo = bed.path("other")
            try bed.ok(["init", "--kdf-cost", "10", "--repo", otherRepo],
                       environment: ["EVIDENCE_STATE": bed.path("other-state")])
            let foreign = try bed.write("foreign.checkpoint", try bed.read(otherRepo + "/ledger/checkpoint"))
            expectNamed(try bed.auditFails(key, ["--trusted-checkpoint", foreign]), "trusted checkpoint \(foreign)")
            // The repository itself is untouched by all of it.
            try bed.auditIntact(key)
        }
    }

    @Test("an item with a disposal event is reported as disposed, its missing object no problem; without one it is")
    func disposedItem() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let key = try bed.verifierKey()
            let kept = try bed.addOne(try bed.write("in/kept.txt", "kept"))
            let gone = try bed.addOne(try bed.write("in/gone.txt", "to be disposed"))
            let object = try bed.objectFile(of: gone)
            let caseID = try #require(try bed.listItems().first { $0["id"] as? String == gone }?["case"] as? String)
            let commitment = try #require(try bed.listItems().first { $0["id"] as? String == gone }?["commitment"] as? String)
            try FileManager.default.removeItem(atPath: object)
            expectNamed(try bed.auditFails(key), gone)
            // The event a disposal records (§7.4: case, item and the item's commitment), written
            // directly by the exhibits officer (who may dispose, the case's status allowing it),
            // as a disposal whose object deletion is not in question here.
            let session = try Session.open(repositoryPath: bed.repo, stateRoot: bed.state, userName: "exo",
                                           passphrase: bed.passphrase)
            let transaction = try LedgerTransaction(session: session, wait: 5)
            try transaction.append(EventDraft(type: EventType.itemDisposed, caseID: caseID, itemID: gone,
                                              commitment: Hex.decode(commitment),
                                              auditPart: session.auditBase(reason: "end of retention")))
            try transaction.finish()
            let report = try bed.auditIntact(key)
            #expect(report["itemsDisposed"] as? Int == 1, "\(report)")
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("item \(gone) was disposed") }, "\(report)")
            #expect(try bed.get(kept) == Data("kept".utf8))
        }
    }
}
