import EvidenceStore
import Foundation
import Testing

/// Need-to-know by key, down to classification and sensitivity (FORMAT §5.6): a member holds
/// the case key and the keys of the material classes they may see, and nothing
/// else, so that with their own code and their own private key they open no object and no
/// sealed ledger part of a class they may not see.
@Suite("CLI: class keys")
struct CLIClassKeyTests {
    /// Classes by index: 1 OFFICIAL, 2 OFFICIAL sensitive, 3 OFFICIAL-SENSITIVE, 4 its sensitive,
    /// 5 SECRET, 6 SECRET sensitive; 0 is the case key.
    static let beaClasses: [UInt8] = [0, 1, 3]
    static let samClasses: [UInt8] = [0, 1, 3, 5]
    static let allClasses: [UInt8] = [0, 1, 2, 3, 4, 5, 6]

    @Test("each member's envelope holds exactly the classes they may see; with her own key a BPSS investigator opens neither the SECRET nor the sensitive item")
    func membersHoldOnlyTheirClasses() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [
                ("bea", ["investigator"], "BPSS", "investigator"), ("sam", ["investigator"], "SC", "investigator"),
                ("dee", ["disclosure-officer"], "SC", "disclosure-officer"),
            ])
            let caseID = try bed.caseID("CR-1")
            let held = try keyrings(bed, caseID: caseID, generation: 1, names: ["officer", "bea", "sam", "dee"])
            #expect(held["officer"]?.classes.map(\.index) == Self.allClasses)
            #expect(held["bea"]?.classes.map(\.index) == Self.beaClasses)
            #expect(held["sam"]?.classes.map(\.index) == Self.samClasses)
            #expect(held["dee"]?.classes.map(\.index) == Self.allClasses)

            // The grants say so in public, for anyone to audit without opening an envelope.
            let bea = try bed.userID("bea")
            let grant = try #require(try bed.events("case.granted").first { ($0["public"] as? [String: Any])?["user"] as? String == bea })
            let envelopes = (grant["public"] as? [String: Any])?["envelopes"] as? [String: Any]
            #expect((envelopes?["1/\(bea)"] as? [Int])?.map(UInt8.init) == Self.beaClasses, "\(grant)")

            // Her own code, her own keys: every class key she holds, derived every way, against
            // every object of the case and every sealed part of the ledger.
            let beaKeys = try #require(held["bea"]).derived(caseID: caseID, generation: 1)
            let objects = try objectsByItem(bed, caseID: caseID)
            #expect(decrypts(object: try #require(objects[scenario.visible]), caseID: caseID, with: beaKeys))
            #expect(!decrypts(object: try #require(objects[scenario.secret]), caseID: caseID, with: beaKeys),
                    "bea's keys open the SECRET item")
            #expect(!decrypts(object: try #require(objects[scenario.sensitive]), caseID: caseID, with: beaKeys),
                    "bea's keys open the sensitive item")
            let opened = try openableItemEntries(bed, with: beaKeys)
            #expect(opened.contains(scenario.visible))
            #expect(!opened.contains(scenario.secret) && !opened.contains(scenario.sensitive), "\(opened)")

            // Sam (SC investigator) opens the SECRET item, not the sensitive one; dee both.
            let samKeys = try #require(held["sam"]).derived(caseID: caseID, generation: 1)
            #expect(decrypts(object: try #require(objects[scenario.secret]), caseID: caseID, with: samKeys))
            #expect(!decrypts(object: try #require(objects[scenario.sensitive]), caseID: caseID, with: samKeys))
            let deeKeys = try #require(held["dee"]).derived(caseID: caseID, generation: 1)
            #expect(decrypts(object: try #require(objects[scenario.sensitive]), caseID: caseID, with: deeKeys))
            try bed.verifyIntact(as: "bea")
        }
    }

    @Test("a rekey seals each member only their classes; material added after it opens with no key of the generation before")
    func rekeyKeepsClasses() throws {
        try CLITestbed.run { bed in
            _ = try VisibilityScenario.build(bed, members: [
                ("bea", ["investigator"], "BPSS", "investigator"), ("sam", ["investigator"], "SC", "investigator"),
            ])
            let caseID = try bed.caseID("CR-1")
            try bed.ok(["case", "rekey", "CR-1"])
            let second = try keyrings(bed, caseID: caseID, generation: 2, names: ["officer", "bea", "sam"])
            #expect(second["officer"]?.classes.map(\.index) == Self.allClasses)
            #expect(second["bea"]?.classes.map(\.index) == Self.beaClasses)
            #expect(second["sam"]?.classes.map(\.index) == Self.samClasses)
            let rekey = try #require(try bed.events("case.rekeyed").first)
            let envelopes = (rekey["public"] as? [String: Any])?["envelopes"] as? [String: Any]
            #expect((envelopes?["2/recovery"] as? [Int])?.map(UInt8.init) == Self.allClasses, "\(rekey)")

            let later = try bed.addOne(try bed.write("in/later-secret.txt", "Later SECRET note about Wexcombe."),
                                       extra: ["--classification", "SECRET"])
            let objects = try objectsByItem(bed, caseID: caseID)
            let first = try keyrings(bed, caseID: caseID, generation: 1, names: ["sam"])
            let samFirst = try #require(first["sam"])
            let samOld = try (1...2).flatMap { try samFirst.derived(caseID: caseID, generation: UInt32($0)) }
            #expect(!decrypts(object: try #require(objects[later]), caseID: caseID, with: samOld))
            #expect(decrypts(object: try #require(objects[later]), caseID: caseID,
                             with: try #require(second["sam"]).derived(caseID: caseID, generation: 2)))
            #expect(!decrypts(object: try #require(objects[later]), caseID: caseID,
                              with: try #require(second["bea"]).derived(caseID: caseID, generation: 2)))
            #expect(try bed.ok(["get", later, "-o", "-", "--reason", "review"], environment: bed.env("sam")).out
                    == "Later SECRET note about Wexcombe.")
            try bed.verifyIntact(as: "sam")
        }
    }

    @Test("a case created by a BPSS investigator has no key for classes nobody in it may see, and says so when one is needed")
    func creatorMakesOnlyTheirClasses() throws {
        try CLITestbed.run { bed in
            try bed.initRepository()
            try bed.addUser("bea", roles: ["investigator"], clearance: "BPSS")
            let created = try bed.ok(["case", "create", "CR-2", "--title", "Operation Birchfield", "--json"],
                                     environment: bed.env("bea"))
            let caseID = try #require(try created.json()["id"] as? String, "\(created)")
            let held = try keyrings(bed, caseID: caseID, generation: 1, names: ["bea"])
            #expect(held["bea"]?.classes.map(\.index) == Self.beaClasses)
            let creation = try #require(try bed.events("case.created", as: "bea").first)
            let envelopes = (creation["public"] as? [String: Any])?["envelopes"] as? [String: Any]
            #expect(Set(envelopes?.keys.map { $0 } ?? []) == ["1/recovery", "1/\(try bed.userID("bea"))"], "\(creation)")
            #expect((envelopes?["1/recovery"] as? [Int])?.map(UInt8.init) == Self.beaClasses)
            // Her own material of her classes goes in as always.
            let note = try bed.write("in/note.txt", "Note about the Birchfield burglary.")
            let added = try bed.ok(["add", "--case", "CR-2", "--json", note], environment: bed.env("bea")).jsonLines()
            #expect(added.count == 1)
            try bed.verifyIntact(as: "bea")
        }
    }

    @Test("a member whose visibility widens receives the new class key when granted again, and only then reads the newly visible item")
    func wideningIsToppedUpByAGrant() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [("bea", ["investigator"], "BPSS", "investigator")])
            let caseID = try bed.caseID("CR-1")
            // A policy that lets investigators see sensitive material.
            let policy = try bed.ok(["policy", "show"]).out.replacingOccurrences(
                of: "sensitive-material: [disclosure-officer,", with: "sensitive-material: [investigator, disclosure-officer,")
            try #require(policy.contains("sensitive-material: [investigator,"), "the default policy's sensitive-material line moved")
            try bed.ok(["policy", "apply", try bed.write("in/wider.yaml", policy)], environment: bed.asAdmin)
            // Allowed now, but without the key the item does not open for her.
            #expect(try keyrings(bed, caseID: caseID, generation: 1, names: ["bea"])["bea"]?.classes.map(\.index) == Self.beaClasses)
            try bed.fails(66, ["get", scenario.sensitive, "-o", "-", "--reason", "review"], environment: bed.own("bea"))

            try bed.ok(["case", "revoke", "CR-1", "bea"])
            try bed.ok(["case", "grant", "CR-1", "bea", "--role", "investigator"])
            #expect(try keyrings(bed, caseID: caseID, generation: 1, names: ["bea"])["bea"]?.classes.map(\.index) == [0, 1, 2, 3, 4])
            #expect(try bed.ok(["get", scenario.sensitive, "-o", "-", "--reason", "review"], environment: bed.own("bea")).out
                    == VisibilityScenario.sensitiveText)
            try bed.verifyIntact(as: "bea")
        }
    }

    // MARK: - Helpers

    /// The case keyrings of `names` for one generation, opened with each user's own identity.
    func keyrings(_ bed: CLITestbed, caseID: String, generation: UInt32, names: [String]) throws -> [String: CaseKeyring] {
        let repositoryID = try bed.repositoryID()
        var result: [String: CaseKeyring] = [:]
        for name in names {
            let identity = try bed.openIdentity(root: bed.repo, name: name, passphrase: bed.passphrase)
            let secret = try #require(try KeyEnvelope.open(root: bed.repo, repositoryID: repositoryID, purpose: .caseKey,
                                                           subject: caseID, generation: generation,
                                                           holder: .user(identity.id), privateKey: identity.sealing),
                                      "\(name) has no envelope of generation \(generation)")
            result[name] = try CaseKeyring(serialised: secret)
        }
        return result
    }

    /// Object files by item id, from the public `object` members of the ledger's entries.
    func objectsByItem(_ bed: CLITestbed, caseID: String) throws -> [String: String] {
        var result: [String: String] = [:]
        try forEachLedgerEntry(bed) { entry in
            guard entry.type == "item.added", let item = entry.itemID, let name = entry.object?.name else { return }
            result[item] = bed.repoPath("objects/\(caseID)/\(name.prefix(2))/\(name)")
        }
        return result
    }

    /// Every entry, read straight from the ledger's tiles as an attacker's own program would.
    func forEachLedgerEntry(_ bed: CLITestbed, _ body: (LedgerEntry) throws -> Void) throws {
        let size = UInt64(try bed.logEntries().count)
        try LedgerStore(directory: bed.repoPath("ledger")).forEachEntry(in: 0..<size, treeSize: size) { index, bytes in
            try body(try LedgerEntry.decode(bytes, index: index))
        }
    }

    /// The items whose `item.added` sealed part opens with one of `keys`.
    func openableItemEntries(_ bed: CLITestbed, with keys: [CaseKeys]) throws -> Set<String> {
        let repositoryID = try bed.repositoryID()
        var opened: Set<String> = []
        try forEachLedgerEntry(bed) { entry in
            guard entry.type == "item.added", let box = entry.sealed, let item = entry.itemID else { return }
            let context = LedgerEntry.partContext(repositoryID: repositoryID, seq: entry.seq, part: "sealed")
            if keys.contains(where: { (try? SealedBox.open(box, key: $0.partKey, context: context)) != nil }) {
                opened.insert(item)
            }
        }
        return opened
    }
}
