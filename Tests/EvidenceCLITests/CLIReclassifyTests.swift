@testable import EvidenceStore
import Foundation
import Testing

/// Issue 10, item 2: reclassification by key (FORMAT §6, §7.4 `item.amended`). An item that
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
            #expect(try ObjectReader.headerKeyID(path: try #require(try objects(bed, caseID: caseID)[scenario.visible]))
                    .flatMap(KeyClass.split(keyID:))?.keyClass.index == 5)
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
