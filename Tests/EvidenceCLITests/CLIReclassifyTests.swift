@testable import EvidenceStore
import Foundation
import Testing

/// Reclassification by key (FORMAT §6, §7.4 `item.amended`). An item that
/// changes class is re-sealed under the new class key and its old object destroyed, so that
/// a member who may no longer see it holds no key to its content (whatever code they run),
/// and a member who may now see it can read it, with what was recorded about it before.
@Suite("CLI: reclassification re-seals")
struct CLIReclassifyTests {
    static let members: [(String, [String], String, String)] = [
        ("bea", ["investigator"], "BPSS", "investigator"), ("sam", ["investigator"], "SC", "investigator"),
    ]

    @Test("made SECRET: the item's content is re-sealed under the SECRET key, the OFFICIAL object is destroyed, and a BPSS member's own keys open nothing of it")
    func upgradeReseals() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: Self.members)
            let caseID = try bed.caseID("CR-1")
            let before = try #require(try objects(bed, caseID: caseID)[scenario.visible])
            #expect(FileManager.default.fileExists(atPath: before))

            try bed.ok(["amend", scenario.visible, "--classification", "SECRET"])

            // One entry says it all in public: the new class, the new object, the same commitment.
            let added = try #require(try ledgerEntries(bed).first { $0.type == EventType.itemAdded && $0.itemID == scenario.visible })
            let amended = try #require(try ledgerEntries(bed).last { $0.type == EventType.itemAmended && $0.itemID == scenario.visible })
            #expect(amended.publicPart?["classification"]?.stringValue == "SECRET")
            #expect(amended.object != nil && amended.object?.name != added.object?.name)
            #expect(amended.commitment == added.commitment)
            #expect(try ObjectReader.ciphertextDigest(path: try #require(try objects(bed, caseID: caseID)[scenario.visible]))
                    .keyID.flatMap(KeyClass.split(keyID:))?.keyClass.index == 5)
            // The OFFICIAL copy is gone from the repository.
            #expect(!FileManager.default.fileExists(atPath: before), "the object sealed under the OFFICIAL key is still there")

            // Bea's own program, with every key she was ever given, opens neither the new
            // object nor the entry that restates the item.
            let keyTests = CLIClassKeyTests()
            let beaKeys = try #require(try keyTests.keyrings(bed, caseID: caseID, generation: 1, names: ["bea"])["bea"])
                .derived(caseID: caseID, generation: 1)
            let after = try #require(try objects(bed, caseID: caseID)[scenario.visible])
            #expect(!decrypts(object: after, caseID: caseID, with: beaKeys), "bea's keys open the re-sealed object")
            #expect(!opens(amended, bed, with: beaKeys), "bea's keys open the reclassifying entry")
            try bed.fails(66, ["get", scenario.visible, "-o", "-", "--reason", "look"], environment: bed.own("bea"))

            // Sam (SC) reads it, intact, and verify agrees for everyone.
            #expect(try bed.ok(["get", scenario.visible, "-o", "-", "--reason", "review"], environment: bed.own("sam")).out
                    == VisibilityScenario.visibleText)
            try bed.verifyIntact(as: "sam")
            try bed.verifyIntact(as: "bea")
            try bed.verifyIntact()
            try bed.auditIntact(try bed.verifierKey())
        }
    }

    @Test("made OFFICIAL: a BPSS member who never held the SECRET key reads the content, its name, hash and custody, and verifies it")
    func downgradeOpensToNewMembers() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: Self.members)
            let caseID = try bed.caseID("CR-1")
            try bed.ok(["custody", "transfer", scenario.secret, "--to", "DC Morland", "--location", "Locker 12",
                        "--reason", "handler review"])
            let before = try #require(try objects(bed, caseID: caseID)[scenario.secret])
            try bed.fails(66, ["show", scenario.secret], environment: bed.own("bea"))

            try bed.ok(["amend", scenario.secret, "--classification", "OFFICIAL"])
            #expect(!FileManager.default.fileExists(atPath: before), "the object sealed under the SECRET key is still there")

            let bea = bed.own("bea")
            #expect(try bed.ok(["get", scenario.secret, "-o", "-", "--reason", "now OFFICIAL"], environment: bea).out
                    == VisibilityScenario.secretText)
            // What the entries under the SECRET key said reaches her restated under the new key.
            let shown = try bed.ok(["show", scenario.secret, "--json"], environment: bea).json()
            #expect(shown["sha256"] as? String == (try VisibilityScenario.sha256Hex(VisibilityScenario.secretText)), "\(shown)")
            #expect((shown["path"] as? String ?? shown["name"] as? String)?.contains("vexmoor-handler-notes") == true, "\(shown)")
            #expect(shown["description"] as? String == "Halcyonite handling record", "\(shown)")
            let history = try bed.ok(["custody", "history", scenario.secret], environment: bea).out
            #expect(history.contains("DC Morland") && history.contains("Locker 12"), "\(history)")

            let report = try bed.run(["verify", "--json"], environment: bea)
            #expect(report.status == 0, "\(report)")
            let json = try report.json()
            #expect(json["intact"] as? Bool == true && (json["objectsDecrypted"] as? Int ?? 0) >= 2, "\(report)")
            try bed.verifyIntact()
            try bed.auditIntact(try bed.verifierKey())
        }
    }

    @Test("a reclassification that does not re-seal the content, forged with the project's own code, is invalid: the item keeps its class; verify and audit 65")
    func reclassificationWithoutResealingIsInvalid() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: Self.members)
            let caseID = try bed.caseID("CR-1")
            // The officer may amend either class, but writes the entry by hand: new class, old object.
            let forged = try bed.forge(as: "officer") { forger in
                try forger.append(EventType.itemAmended, caseID: caseID, itemID: scenario.secret,
                                  publicPart: ["classification": "OFFICIAL", "sensitive": false],
                                  sealedPart: ["changes": ["classification": "OFFICIAL"]])
            }
            try CLIAuthorityAttackTests.expectInvalid(bed, forged, because: "without naming its object re-sealed")
            // Still SECRET for everyone: bea sees nothing of it.
            try bed.fails(66, ["show", scenario.secret], environment: bed.own("bea"))
        }
    }

    @Test("an item whose object is sealed under another class's key is named by verify and audit, 65")
    func objectUnderAnotherClass() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: Self.members)
            let caseID = try bed.caseID("CR-1")
            // An insider adds an OFFICIAL item that names the SECRET item's object: every OFFICIAL
            // member would hold a way to it, if readers followed the ledger blindly.
            let secretAdded = try #require(try ledgerEntries(bed).first { $0.type == EventType.itemAdded && $0.itemID == scenario.secret })
            let forged = try bed.forge(as: "officer") { forger in
                try forger.append(EventType.itemAdded, caseID: caseID, itemID: try ULID.make(prefix: "itm"),
                                  object: secretAdded.object, commitment: secretAdded.commitment,
                                  publicPart: ["classification": "OFFICIAL", "sensitive": false],
                                  sealedPart: ["name": "innocent.txt", "classification": "OFFICIAL", "sensitive": false])
            }
            let itemID = try #require(forged.first?.itemID)
            let verify = try bed.verifyFails()
            let audit = try bed.auditFails(try bed.verifierKey())
            for result in [verify, audit] {
                expectNamed(result, "item \(itemID) is OFFICIAL material, but its object is sealed under the SECRET key")
            }
        }
    }

    @Test("the parts extracted from an email move with it: each is re-sealed under the new class in the same commit")
    func partsMoveWithTheirParent() throws {
        try CLITestbed.run { bed in
            let caseID = try bed.repositoryWithCase("CR-1")
            try bed.add([SearchFixtures.email])
            let items = try bed.listItems()
            let email = try #require(items.first { $0["parent"] == nil }?["id"] as? String)
            let parts = items.filter { $0["parent"] as? String == email }.compactMap { $0["id"] as? String }
            try #require(!parts.isEmpty, "the demo email has an attachment: \(items)")

            try bed.ok(["amend", email, "--classification", "SECRET"])
            let current = try objects(bed, caseID: caseID)
            for id in [email] + parts {
                #expect(try bed.listed(id)?["classification"] as? String == "SECRET", "\(id)")
                let keyID = try ObjectReader.ciphertextDigest(path: try #require(current[id])).keyID
                #expect(keyID.flatMap(KeyClass.split(keyID:))?.keyClass.index == 5, "\(id) is not sealed under the SECRET key")
            }
            let resealed = try ledgerEntries(bed).filter { $0.type == EventType.itemAmended && $0.object != nil }
            #expect(Set(resealed.compactMap(\.itemID)) == Set([email] + parts))
            #expect(Set(resealed.map(\.seq)).count == parts.count + 1)
            #expect(try bed.ok(["log", "--type", "item.amended"]).out.contains("(with \(email), which it was extracted from)"))
            try bed.verifyIntact()
        }
    }

    @Test("a crash between the entry and the destruction leaves the old object noted by verify and audit; the item's next amendment destroys it")
    func interruptedReclassification() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: Self.members)
            let caseID = try bed.caseID("CR-1")
            let old = try #require(try objects(bed, caseID: caseID)[scenario.visible])
            let saved = try Data(contentsOf: URL(fileURLWithPath: old))
            try bed.ok(["amend", scenario.visible, "--classification", "SECRET"])
            // What a crash after the commit and before the destruction leaves behind.
            try saved.write(to: URL(fileURLWithPath: old))
            let report = try bed.verifyIntact()
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("re-sealed") && $0.contains(scenario.visible) }, "\(report)")
            let audit = try bed.auditIntact(try bed.verifierKey())
            #expect((audit["notes"] as? [String] ?? []).contains { $0.contains("re-sealed") && $0.contains(scenario.visible) }, "\(audit)")

            try bed.ok(["amend", scenario.visible, "--description", "householder statement (re-sealed)"])
            #expect(!FileManager.default.fileExists(atPath: old), "the next amendment did not destroy the old object")
            let after = try bed.verifyIntact()
            #expect(!(after["notes"] as? [String] ?? []).contains { $0.contains("re-sealed") }, "\(after)")
        }
    }

    @Test("a member without the new class key cannot reclassify into it (77), and nothing changes")
    func missingClassKeyRefused() throws {
        try CLITestbed.run { bed in
            let initAnswer = try bed.initRepository()
            let codeFile = try bed.secretFile("in/recovery-code", try #require(initAnswer["recoveryCode"] as? String))
            // A case created by a BPSS investigator has no SECRET key at all (FORMAT §5.6); the
            // SIO reaches it through recovery, which holds only the keys that exist.
            try bed.addUser("bea", roles: ["investigator"], clearance: "BPSS")
            let created = try bed.ok(["case", "create", "CR-2", "--title", "Operation Birchfield", "--json"],
                                     environment: bed.env("bea"))
            let caseID = try #require(try created.json()["id"] as? String)
            try bed.ok(["recover", "grant-case", caseID, "officer", "--role", "senior-investigating-officer",
                        "--recovery-passphrase-file", codeFile, "--reason", "SIO takes over"], environment: bed.asAdmin)
            let note = try bed.write("in/note.txt", "A note that should have been SECRET.")
            let added = try bed.ok(["add", "--case", "CR-2", "--json", note], environment: bed.env("bea")).jsonLines()
            let item = try #require(added.first?["id"] as? String)
            let refused = try bed.fails(77, ["amend", item, "--classification", "SECRET"])
            #expect(refused.err.contains("no key for SECRET material"), "\(refused)")
            #expect(try bed.listed(item)?["classification"] as? String == "OFFICIAL")
            #expect(try bed.get(item) == Data("A note that should have been SECRET.".utf8))
            try bed.verifyIntact()
        }
    }

    // MARK: - Helpers

    /// Every entry, read straight from the tiles.
    func ledgerEntries(_ bed: CLITestbed) throws -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        try CLIClassKeyTests().forEachLedgerEntry(bed) { entries.append($0) }
        return entries
    }

    /// Object files by item id, following re-sealing: the newest `object` the ledger names.
    func objects(_ bed: CLITestbed, caseID: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in try ledgerEntries(bed) where entry.type == EventType.itemAdded || entry.type == EventType.itemAmended {
            guard let item = entry.itemID, let name = entry.object?.name else { continue }
            result[item] = bed.repoPath("objects/\(caseID)/\(name.prefix(2))/\(name)")
        }
        return result
    }

    func opens(_ entry: LedgerEntry, _ bed: CLITestbed, with keys: [CaseKeys]) -> Bool {
        guard let box = entry.sealed, let repositoryID = try? bed.repositoryID() else { return false }
        let context = LedgerEntry.partContext(repositoryID: repositoryID, seq: entry.seq, part: "sealed")
        return keys.contains { (try? SealedBox.open(box, key: $0.partKey, context: context)) != nil }
    }
}
