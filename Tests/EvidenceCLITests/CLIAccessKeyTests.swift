import EvidenceStore
import Foundation
import Testing

/// Need-to-know by key: a user who is not a member of a case cannot decrypt it even
/// with a copy of the repository folder; revocation deletes envelopes; rekey seals new
/// material under a key the revoked member never held.
@Suite("CLI access: need-to-know by key")
struct CLIAccessKeyTests {
    @Test("a non-member with a copy of the folder, their identity and passphrase opens nothing of the case")
    func copiedFolder() throws {
        try CLITestbed.run { bed in
            let marker = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let needle = "NEEDLE-\(marker)"
            let fileName = "statement-\(marker).txt"
            let description = "DESCRIPTION-\(marker)"
            let title = "TITLE-\(marker)"
            let reference = "CR-\(marker.prefix(12))"
            let outsider = "nora-\(marker.prefix(12))"
            let pending = "pending-\(marker.prefix(12))"
            let content = String(repeating: "Witness statement: \(needle)\n", count: 50)

            try bed.initRepository()
            let caseID = try bed.createCase(reference, title: title)
            let item = try bed.addOne(try bed.write("in/\(fileName)", content), case: reference,
                                      extra: ["--description", description, "--exhibit-ref", "EX-\(marker.prefix(6))"])
            let noraID = try bed.addUser(outsider, roles: ["investigator"], clearance: "SC")
            try bed.invite(pending, roles: ["investigator"])

            // The copy, used with its own state folder, as someone who walked off with it would.
            let copy = try bed.copyRepository(to: "copy")
            let copyState = bed.path("state-copy")

            // 1. No envelope of the case is addressed to nora.
            let envelopes = bed.caseEnvelopes(root: copy, caseID: caseID)
            #expect(!envelopes.isEmpty)
            #expect(envelopes.allSatisfy { $0.holder != noraID }, "nora holds an envelope: \(envelopes.map(\.path))")

            // 2. Nora's own keys (opened from the copy with her passphrase) open no envelope of the
            //    case, not even one re-labelled as hers, and no key she holds decrypts its objects.
            let repositoryID = try bed.repositoryID(root: copy)
            let nora = try bed.openIdentity(root: copy, name: outsider, passphrase: bed.passphrase)
            #expect(nora.id == noraID)
            var opened: [SecretBytes] = []
            for envelope in envelopes {
                let holder: KeyEnvelope.Holder = envelope.holder == "recovery" ? .recovery : .user(envelope.holder)
                if let secret = try? KeyEnvelope.open(root: copy, repositoryID: repositoryID, purpose: .caseKey, subject: caseID,
                                                      generation: envelope.generation, holder: holder, privateKey: nora.sealing) {
                    opened.append(secret)
                }
                let fields = try JSONFields(bytes: [UInt8](try bed.read(envelope.path)), magic: KeyEnvelope.magic, what: envelope.path)
                let box = try fields.base64("sealed")
                for holderName in [envelope.holder, noraID] {
                    let context = envelopeContext(repositoryID: repositoryID, caseID: caseID, generation: envelope.generation,
                                                  holder: holderName)
                    if let secret = try? SealedBox.openSecret(box, with: nora.sealing, context: context) { opened.append(secret) }
                }
            }
            #expect(opened.isEmpty, "nora opened \(opened.count) case key envelope(s)")
            // What nora can open: her keyring envelope. Neither it nor her own keys are a case key.
            var candidates: [SecretBytes] = opened + [nora.sealing.secret]
            if let keyring = try KeyEnvelope.open(root: copy, repositoryID: repositoryID, purpose: .repositoryKeyring,
                                                  subject: repositoryID, generation: 1, holder: .user(noraID),
                                                  privateKey: nora.sealing) {
                let bytes = keyring.bytes
                candidates.append(keyring)
                if bytes.count >= 32 {
                    candidates.append(SecretBytes(bytes.prefix(32)))
                    candidates.append(SecretBytes(bytes.suffix(32)))
                }
            }
            let objects = bed.objectFiles(root: copy, caseID: caseID)
            try #require(objects.count == 1, "expected one object of the case: \(objects)")
            let caseKeys = try candidates.flatMap { secret in
                try (1...2).flatMap { generation in
                    try KeyClass.all.map { try CaseKeys(caseID: caseID, generation: UInt32(generation), keyClass: $0, key: secret) }
                }
            }
            #expect(!decrypts(object: objects[0], caseID: caseID, with: caseKeys), "nora decrypted the case's object")
            // (The officer's envelope does open the object: the check itself works.)
            let officer = try bed.openIdentity(root: copy, name: "officer", passphrase: bed.passphrase)
            let officerKey = try #require(try KeyEnvelope.open(root: copy, repositoryID: repositoryID, purpose: .caseKey,
                                                               subject: caseID, generation: 1, holder: .user(officer.id),
                                                               privateKey: officer.sealing))
            #expect(decrypts(object: objects[0], caseID: caseID,
                             with: try CaseKeyring(serialised: officerKey).derived(caseID: caseID, generation: 1)))

            // 3. evidence itself, on the copy: 66, exactly as for an item that does not exist.
            let onCopy = bed.at(copy, state: copyState, ["EVIDENCE_USER": outsider])
            let refused = try bed.fails(66, ["get", item, "-o", "-"], environment: onCopy)
            let missing = unknownID("itm")
            let refusedMissing = try bed.fails(66, ["get", missing, "-o", "-"], environment: onCopy)
            #expect(sentence(refused, naming: item) == sentence(refusedMissing, naming: missing))
            #expect(try bed.ok(["list", "--json"], environment: onCopy).stdout.isEmpty)

            // 4. Granted in the original only: the original opens for nora, the copy still refuses.
            try bed.ok(["case", "grant", reference, outsider, "--role", "investigator"])
            #expect(try bed.ok(["get", item, "-o", "-"], environment: bed.env(outsider)).stdout == Data(content.utf8))
            let stillRefused = try bed.run(["get", item, "-o", "-"], environment: onCopy)
            #expect(stillRefused.status == 66 && stillRefused.stdout.isEmpty, "\(stillRefused)")
            #expect(bed.caseEnvelopes(root: copy, caseID: caseID).allSatisfy { $0.holder != noraID })

            // 5. Strongest form: a copy whose ledger records the grant but without nora's envelope.
            let ledgerOnly = try bed.copyRepository(to: "copy-ledger-only")
            for envelope in bed.caseEnvelopes(root: ledgerOnly, caseID: caseID) where envelope.holder == noraID {
                try FileManager.default.removeItem(atPath: envelope.path)
            }
            let noEnvelope = try bed.run(["get", item, "-o", "-"],
                                         environment: bed.at(ledgerOnly, state: bed.path("state-ledger-only"),
                                                             ["EVIDENCE_USER": outsider]))
            #expect(noEnvelope.status != 0 && noEnvelope.stdout.isEmpty && !contains(noEnvelope.stdout, needle),
                    "without an envelope the grant in the ledger must not open the case\n\(noEnvelope)")

            // 6. The files of the repository (and of the copies) hold none of the plaintext.
            let secrets = [needle, fileName, description, title, reference, outsider, pending, "Witness statement"]
            for folder in [bed.repo, copy, ledgerOnly] {
                for file in bed.allFiles(under: folder) {
                    let data = try bed.read(file)
                    for secret in secrets {
                        #expect(!contains(data, secret), "\(file) holds \(secret) in the clear")
                    }
                }
            }
        }
    }

    @Test("revoke deletes the member's envelopes and refuses them (66); rekey seals new items under generation 2")
    func revokeAndRekey() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let caseID = try #require(try bed.ok(["case", "list", "--json"]).jsonLines().first?["id"] as? String)
            let oldContent = "old material \(UUID().uuidString)"
            let oldItem = try bed.addOne(try bed.write("in/old.txt", oldContent))
            let ritaID = try bed.addUser("rita", roles: ["investigator"], clearance: "SC")
            try bed.addUser("max", roles: ["investigator"], clearance: "SC")
            try bed.ok(["case", "grant", "CR-1", "rita", "--role", "investigator"])
            try bed.ok(["case", "grant", "CR-1", "max", "--role", "investigator"])
            #expect(try bed.ok(["get", oldItem, "-o", "-"], environment: bed.env("rita")).stdout == Data(oldContent.utf8))

            // Kept before the revocation: rita's envelope (as she might have copied it).
            let ritaEnvelopes = bed.caseEnvelopes(root: bed.repo, caseID: caseID).filter { $0.holder == ritaID }
            try #require(ritaEnvelopes.map(\.generation) == [1], "\(ritaEnvelopes)")
            let keptEnvelope = try bed.read(ritaEnvelopes[0].path)

            let revoked = try bed.ok(["case", "revoke", "CR-1", "rita"])
            #expect(revoked.out.contains("rekey"), "revoke should point at rekey\n\(revoked)")
            #expect(bed.caseEnvelopes(root: bed.repo, caseID: caseID).allSatisfy { $0.holder != ritaID },
                    "rita's envelopes must be deleted")
            #expect(try bed.events("case.revoked").count == 1)
            let missing = unknownID("itm")
            let refusedOld = try bed.refused(66, as: "rita", ["get", oldItem, "-o", "-"])
            let refusedMissing = try bed.refused(66, as: "rita", ["get", missing, "-o", "-"])
            #expect(sentence(refusedOld, naming: oldItem) == sentence(refusedMissing, naming: missing))
            #expect(try bed.ok(["list", "--json"], environment: bed.env("rita")).stdout.isEmpty)
            #expect(try bed.ok(["case", "list", "--json"], environment: bed.env("rita")).stdout.isEmpty)
            try bed.fails(64, ["case", "revoke", "CR-1", "rita"])  // no longer a member

            // Rekey, then a new item: its object names key generation 2; the old one generation 1.
            let rekeyed = try bed.ok(["case", "rekey", "CR-1"])
            #expect(rekeyed.out.contains("generation 2"), "\(rekeyed)")
            let objectsBefore = Set(bed.objectFiles(root: bed.repo, caseID: caseID))
            let newContent = "new material \(UUID().uuidString)"
            let newItem = try bed.addOne(try bed.write("in/new.txt", newContent))
            let newObjects = Set(bed.objectFiles(root: bed.repo, caseID: caseID)).subtracting(objectsBefore)
            try #require(newObjects.count == 1 && objectsBefore.count == 1, "\(objectsBefore) \(newObjects)")
            let newObject = try #require(newObjects.first)
            let oldObject = try #require(objectsBefore.first)
            #expect(objectKeyGeneration(try bed.read(newObject)) == 2)
            #expect(objectKeyGeneration(try bed.read(oldObject)) == 1)
            let generation2 = bed.caseEnvelopes(root: bed.repo, caseID: caseID).filter { $0.generation == 2 }.map(\.holder)
            #expect(Set(generation2) == Set(["recovery", try bed.userID("officer"), try bed.userID("max")]), "\(generation2)")

            // A remaining member reads old and new; so does the officer.
            for name in ["max", "officer"] {
                #expect(try bed.ok(["get", oldItem, "-o", "-"], environment: bed.env(name)).stdout == Data(oldContent.utf8))
                #expect(try bed.ok(["get", newItem, "-o", "-"], environment: bed.env(name)).stdout == Data(newContent.utf8))
            }

            // Rita's old envelope, put back: it opens generation 1 only (a key already seen, as
            // docs/SECURITY.md says), never generation 2, and evidence still refuses her.
            try keptEnvelope.write(to: URL(fileURLWithPath: ritaEnvelopes[0].path))
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("cases/\(caseID)/keys/2/\(ritaID)")))
            let repositoryID = try bed.repositoryID()
            let rita = try bed.openIdentity(root: bed.repo, name: "rita", passphrase: bed.passphrase)
            let generation1 = try #require(try KeyEnvelope.open(root: bed.repo, repositoryID: repositoryID, purpose: .caseKey,
                                                                subject: caseID, generation: 1, holder: .user(ritaID),
                                                                privateKey: rita.sealing))
            // Every class key of generation 1, tried as generation 1 and as generation 2.
            let ritaKeyring = try CaseKeyring(serialised: generation1)
            let ritaKeys = try (1...2).flatMap { try ritaKeyring.derived(caseID: caseID, generation: UInt32($0)) }
            #expect(decrypts(object: oldObject, caseID: caseID, with: ritaKeys), "generation 1 opens old material (documented)")
            #expect(!decrypts(object: newObject, caseID: caseID, with: ritaKeys), "rita's old key opens material sealed after rekey")
            for envelope in bed.caseEnvelopes(root: bed.repo, caseID: caseID) where envelope.generation == 2 {
                let holder: KeyEnvelope.Holder = envelope.holder == "recovery" ? .recovery : .user(envelope.holder)
                #expect((try? KeyEnvelope.open(root: bed.repo, repositoryID: repositoryID, purpose: .caseKey, subject: caseID,
                                               generation: 2, holder: holder, privateKey: rita.sealing)) == nil)
            }
            let afterRestore = try bed.run(["get", newItem, "-o", "-"], environment: bed.env("rita"))
            #expect(afterRestore.status == 66 && afterRestore.stdout.isEmpty, "\(afterRestore)")
        }
    }
}
