@testable import EvidenceStore
import Foundation
import Testing

/// As a hostile insider would try it: entries written by their own code with their own
/// keys (CLIForgerySupport), and catalogs edited with SQL. Every reader derives who may do what
/// from the valid entries of the ledger alone (FORMAT §7.10); forged entries change nothing,
/// and verify and audit name them (65).
@Suite("CLI authority: forged entries and edited catalogs")
struct CLIAuthorityAttackTests {
    struct Scenario {
        var caseID: String
        var secretItem: String
        var plainItem: String
        var mallory: String
        var officer: String
    }

    /// Case CR-1 (the officer: senior investigating officer, SC) with an OFFICIAL item and a
    /// SECRET one; mallory is an investigator of the case with BPSS clearance, who may not see
    /// the SECRET item, dispose of anything, grant membership or record a case status.
    static func build(_ bed: CLITestbed) throws -> Scenario {
        try bed.initRepository()
        let caseID = try bed.createCase("CR-1")
        let mallory = try bed.addUser("mallory", roles: ["investigator"], clearance: "BPSS")
        try bed.ok(["case", "grant", "CR-1", "mallory", "--role", "investigator"])
        let plain = try bed.addOne(try bed.write("in/plain.txt", "statement of the witness"))
        let secret = try bed.addOne(try bed.write("in/secret.txt", "covert source report 7731"),
                                    extra: ["--classification", "SECRET", "--description", "CHIS contact"])
        return Scenario(caseID: caseID, secretItem: secret, plainItem: plain, mallory: mallory,
                        officer: try bed.userID("officer"))
    }

    /// The default policy with every door opened to investigators.
    static func permissive(_ text: String) -> String {
        text.replacingOccurrences(of: "BPSS: [OFFICIAL, OFFICIAL-SENSITIVE]", with: "BPSS: [OFFICIAL, OFFICIAL-SENSITIVE, SECRET]")
            .replacingOccurrences(of: "sensitive-material: [disclosure-officer,", with: "sensitive-material: [investigator, disclosure-officer,")
            .replacingOccurrences(of: "    actions: [create-case, add-item, view-metadata, amend-metadata, read-content, search,\n              record-custody, verify]",
                                  with: "    actions: [create-case, grant-membership, add-item, view-metadata, amend-metadata, read-content, search,\n              record-custody, record-disclosure, dispose, verify]")
    }

    /// verify (as the officer) and audit (key-less) both exit 65 naming each forged entry as invalid.
    static func expectInvalid(_ bed: CLITestbed, _ entries: [LedgerEntry], because phrase: String? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verify = try bed.verifyFails(sourceLocation: sourceLocation)
        let audit = try bed.auditFails(try bed.verifierKey(), sourceLocation: sourceLocation)
        for entry in entries {
            for result in [verify, audit] {
                let said = result.out + result.err
                #expect(said.contains("ledger entry \(entry.seq) (\(entry.type)") && said.contains("is invalid"),
                        "entry \(entry.seq) (\(entry.type)) is not named invalid:\n\(result)", sourceLocation: sourceLocation)
            }
        }
        if let phrase {
            #expect((verify.out + verify.err).contains(phrase) && (audit.out + audit.err).contains(phrase), "\(phrase) not said:\n\(verify)\n\(audit)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("a policy forged by an investigator opens nothing: SECRET stays hidden, nothing can be disposed of; verify and audit 65")
    func forgedPolicy() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed)
            let policy = try bed.forgedPolicy(Self.permissive)
            #expect(policy.text.contains("record-disclosure, dispose, verify]") && policy.text.contains("BPSS: [OFFICIAL, OFFICIAL-SENSITIVE, SECRET]"),
                    "the permissive edit did not apply to the default policy")
            let forged = try bed.forge(as: "mallory") { forger in
                try forger.append(EventType.policyApplied,
                                  publicPart: ["hash": .string(policy.hash), "version": 1, "text": .string(policy.text)])
            }
            let mallory = bed.env("mallory")
            // The SECRET item stays invisible to him (66, as if it did not exist); nothing is written.
            let output = bed.path("io/secret-copy")
            try bed.fails(66, ["get", scenario.secretItem, "-o", output, "--reason", "forged policy"], environment: mallory)
            #expect(!FileManager.default.fileExists(atPath: output))
            try bed.fails(66, ["dispose", scenario.secretItem, "--reason", "shred"], environment: mallory)
            try bed.fails(77, ["dispose", scenario.plainItem, "--reason", "shred"], environment: mallory)
            try bed.fails(77, ["case", "status", "CR-1", "no-further-action", "--date", "2020-01-01"], environment: mallory)
            // The policy in force is still the one the administrator applied.
            let shown = try bed.ok(["policy", "show"], environment: bed.asAdmin).out
            #expect(shown.contains("BPSS: [OFFICIAL, OFFICIAL-SENSITIVE]") && !shown.contains("record-disclosure, dispose, verify]"))
            try Self.expectInvalid(bed, forged, because: "may not apply-policy")
            // The officer's log marks it; everything committed is still there.
            let logged = try bed.logEntries().first { ($0["seq"] as? Int).map(UInt64.init) == forged[0].seq }
            #expect((logged?["invalid"] as? String)?.contains("apply-policy") == true, "log does not mark the forged policy: \(String(describing: logged))")
            #expect(try bed.get(scenario.secretItem) == Data("covert source report 7731".utf8))
        }
    }

    @Test("identity takeover by a user: a forged invitation and registration of the officer and a hand-over 'by' him change nothing")
    func identityTakeoverByUser() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed)
            let stolenSigning = try Ed25519.PrivateKey.generate()
            let stolenSealing = try X25519.PrivateKey.generate()
            let forged = try bed.forge(as: "mallory") { forger in
                try forger.append(EventType.userAdded, publicPart: [
                    "user": .string(scenario.officer), "roles": ["senior-investigating-officer"], "clearance": "SC"])
                try forger.append(EventType.identityRegistered, actor: scenario.officer, key: stolenSigning, publicPart: [
                    "user": .string(scenario.officer), "signingKey": .string(Base64.encode(stolenSigning.publicKey)),
                    "sealingKey": .string(Base64.encode(stolenSealing.publicKey)), "keyringGeneration": 1])
                try forger.append(EventType.custodyTransferred, actor: scenario.officer, key: stolenSigning,
                                  caseID: scenario.caseID, itemID: scenario.plainItem,
                                  sealedPart: ["from": "officer", "to": "Mr Forged", "reason": "handed over"])
            }
            #expect(forged.count == 3)
            try Self.expectInvalid(bed, forged)
            // The continuity record and the officer's keys are untouched.
            let history = try bed.ok(["custody", "history", scenario.plainItem]).out
            #expect(!history.contains("Mr Forged"), "the forged hand-over shows in the continuity:\n\(history)")
            try bed.ok(["custody", "transfer", scenario.plainItem, "--to", "Property store", "--reason", "booked in"])
            #expect(try bed.get(scenario.plainItem) == Data("statement of the witness".utf8))
        }
    }

    @Test("identity takeover by the administrator: after a routine rekey the case key is sealed to the real disclosure officer, not the forged key")
    func identityTakeoverByAdministrator() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed)
            let dora = try bed.addUser("dora", roles: ["disclosure-officer"], clearance: "SC")
            try bed.ok(["case", "grant", "CR-1", "dora", "--role", "disclosure-officer"])
            let forgedSigning = try Ed25519.PrivateKey.generate()
            let forgedSealing = try X25519.PrivateKey.generate()
            let forged = try bed.forge(as: bed.adminName) { forger in
                try forger.append(EventType.userAdded, publicPart: [
                    "user": .string(dora), "roles": ["disclosure-officer"], "clearance": "SC"])
                try forger.append(EventType.identityRegistered, actor: dora, key: forgedSigning, publicPart: [
                    "user": .string(dora), "signingKey": .string(Base64.encode(forgedSigning.publicKey)),
                    "sealingKey": .string(Base64.encode(forgedSealing.publicKey)), "keyringGeneration": 1])
            }
            try Self.expectInvalid(bed, forged, because: "was already registered")
            try bed.ok(["case", "rekey", "CR-1", "--reason", "routine"])
            let later = try bed.addOne(try bed.write("in/after.txt", "material after the rekey"))
            // Dora's real key opens the new generation; the administrator's forged one does not.
            #expect(try bed.ok(["get", later, "-o", "-", "--reason", "disclosure review"], environment: bed.env("dora")).out
                    == "material after the rekey")
            let envelope = try bed.read(bed.repoPath("cases/\(scenario.caseID)/keys/2/\(dora)"))
            let fields = try JSONFields(bytes: [UInt8](envelope), magic: KeyEnvelope.magic, what: "envelope")
            let box = try #require(Base64.decode(try fields.string("sealed")))
            let context = KeyEnvelope.context(repositoryID: try bed.repositoryID(), purpose: .caseKey, subject: scenario.caseID,
                                              generation: 2, holder: dora)
            #expect(throws: (any Error).self) { try SealedBox.open(box, with: forgedSealing, context: context) }
        }
    }

    @Test("a policy that leaves no administrator: refused by policy apply (65), and invalid when forged; administration goes on")
    func policyWithoutAdministrator() throws {
        try CLITestbed.run { bed in
            _ = try Self.build(bed)
            let renamed = try bed.forgedPolicy { $0.replacingOccurrences(of: "  administrator:\n", with: "  admin-renamed:\n") }
            #expect(renamed.text.contains("admin-renamed:"))
            let file = try bed.write("in/renamed.yaml", renamed.text)
            let refused = try bed.fails(65, ["policy", "apply", file, "--reason", "rename"], environment: bed.asAdmin)
            #expect(refused.err.contains("administ"), "\(refused)")
            let forged = try bed.forge(as: bed.adminName) { forger in
                try forger.append(EventType.policyApplied,
                                  publicPart: ["hash": .string(renamed.hash), "version": 1, "text": .string(renamed.text)])
            }
            try Self.expectInvalid(bed, forged, because: "no enabled user could manage users and apply a policy")
            try bed.invite("newcomer", roles: ["investigator"])
        }
    }

    @Test("an edited catalog decides nothing: policy, roles, classification, disabled state and the authority snapshot")
    func editedCatalog() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed)
            bed.user = "mallory"
            _ = try bed.ok(["list"])
            let catalog = try bed.catalogPath()
            let permissive = try bed.forgedPolicy(Self.permissive).text.replacingOccurrences(of: "'", with: "''")
            try bed.sqlite(catalog, """
                UPDATE policies SET text = '\(permissive)';
                UPDATE items SET classification = 'OFFICIAL' WHERE id = '\(scenario.secretItem)';
                UPDATE case_members SET role = 'senior-investigating-officer' WHERE user_id = '\(scenario.mallory)';
                UPDATE users SET roles = '["administrator","senior-investigating-officer"]' WHERE id = '\(scenario.mallory)';
                UPDATE authority SET state = zeroblob(64);
                """)
            try bed.fails(66, ["get", scenario.secretItem, "-o", bed.path("io/s"), "--reason", "edited"])
            try bed.fails(77, ["dispose", scenario.plainItem, "--reason", "shred"])
            try bed.fails(77, ["case", "status", "CR-1", "no-further-action", "--date", "2020-01-01"])
            try bed.fails(77, ["user", "add", "accomplice", "--role", "administrator", "--clearance", "DV", "--kdf-cost", "10"])
            // Disabled by the administrator, he clears disabled_seq in his catalog: still refused.
            try bed.ok(["user", "disable", "mallory", "--reason", "suspended"], environment: bed.asAdmin)
            try bed.sqlite(catalog, "UPDATE users SET disabled_seq = NULL;")
            try bed.fails(77, ["add", "--case", "CR-1", try bed.write("in/planted.txt", "planted")])
            bed.user = "officer"
            try bed.verifyIntact()
        }
    }

    @Test("a catalog row pointing at another exhibit's object: get refuses (65) and writes nothing, instead of returning the other exhibit as verified")
    func swappedCatalogObject() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed)
            _ = try bed.ok(["list"])
            try bed.sqlite(try bed.catalogPath(), """
                UPDATE items SET (object_name, ciphertext_sha256, ciphertext_size, sha256, salt, size) =
                  (SELECT object_name, ciphertext_sha256, ciphertext_size, sha256, salt, size FROM items WHERE id = '\(scenario.secretItem)')
                  WHERE id = '\(scenario.plainItem)';
                """)
            let output = bed.path("io/plain-copy")
            let refused = try bed.fails(65, ["get", scenario.plainItem, "-o", output, "--reason", "check"])
            #expect(refused.err.contains("disagrees with the ledger"), "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: output))
            try bed.ok(["rebuild"])
            #expect(try bed.get(scenario.plainItem) == Data("statement of the witness".utf8))
        }
    }

    @Test("passwd binds the new identity file: the old file put back opens nothing (65) and verify and audit name it")
    func oldIdentityPutBack() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed)
            let identity = bed.repoPath("identities/\(scenario.mallory)")
            let oldCopy = try bed.read(identity)
            let newPassphrase = try bed.secretFile("secrets/new", "a brand new passphrase for mallory")
            try bed.ok(["passwd", "--new-passphrase-file", newPassphrase], environment: bed.env("mallory"))
            try oldCopy.write(to: URL(fileURLWithPath: identity))
            let refused = try bed.fails(65, ["list"], environment: bed.env("mallory"))
            #expect(refused.err.contains("identit"), "\(refused)")
            let verify = try bed.verifyFails()
            #expect(verify.err.contains("identities/\(scenario.mallory) is not the identity file the ledger recorded"), "\(verify)")
            let audit = try bed.auditFails(try bed.verifierKey())
            #expect(audit.err.contains("identities/\(scenario.mallory) is not the identity file the ledger recorded"), "\(audit)")
        }
    }
}
