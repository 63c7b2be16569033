import EvidenceStore
import Foundation
import Testing

/// The public keys are only ever read from the ledger, so a replaced identity file
/// is detected at sign-in and never silently accepted; and break-glass recovery.
@Suite("CLI access: identities and recovery")
struct CLIAccessIdentityTests {
    @Test("an identity file replaced by a freshly made one is detected at sign-in (65, naming the identity)")
    func substitutedIdentity() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let item = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            try bed.addUser("ivan", roles: ["investigator"], clearance: "SC")
            let ids = try bed.userIDs()
            let officerID = try #require(ids["officer"])
            let ivanID = try #require(ids["ivan"])
            let repositoryID = try bed.repositoryID()
            let identity = "identities/\(officerID)"

            // A second repository whose user is also called officer, for its identity file.
            let other = bed.path("other")
            try bed.ok(["init", "--kdf-cost", "10", "--json"],
                       environment: ["EVIDENCE_REPO": other, "EVIDENCE_STATE": bed.path("state-other"), "EVIDENCE_USER": "officer"])
            let otherFiles = bed.files(under: (other as NSString).appendingPathComponent("identities"))
            try #require(otherFiles.count == 1)
            let otherIdentity = try bed.read((other as NSString).appendingPathComponent("identities/\(otherFiles[0])"))

            // 1. Keys made for this very name and user id (same passphrase), not the registered ones.
            let fresh = try bed.copyRepository(to: "fresh")
            try IdentityFile.write(root: fresh, repositoryID: repositoryID, userID: officerID, name: "officer",
                                   sealingKey: try X25519.PrivateKey.generate(), signingKey: try Ed25519.PrivateKey.generate(),
                                   passphrase: bed.passphrase, parameters: Scrypt.Parameters(logN: 10))
            // 2. Another user's identity file copied over the officer's.
            let copied = try bed.copyRepository(to: "copied")
            try bed.read(bed.repoPath("identities/\(ivanID)")).write(to: URL(fileURLWithPath: (copied as NSString).appendingPathComponent(identity)))
            // 3. The identity file of "officer" in another repository.
            let foreign = try bed.copyRepository(to: "foreign")
            try otherIdentity.write(to: URL(fileURLWithPath: (foreign as NSString).appendingPathComponent(identity)))

            for (label, folder) in [("fresh keys", fresh), ("another user's file", copied), ("another repository's file", foreign)] {
                let state = bed.path("state-\(label.replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "'", with: ""))")
                let sizeBefore = bed.files(under: (folder as NSString).appendingPathComponent("ledger")).count
                for arguments in [["case", "list"], ["get", item, "-o", "-"]] {
                    let result = try bed.run(arguments, environment: bed.at(folder, state: state, ["EVIDENCE_USER": "officer"]))
                    #expect(result.status != 0 && result.stdout.isEmpty, "\(label): never silently accepted\n\(result)")
                    #expect(result.status == 65, "\(label): a substituted identity should fail with 65\n\(result)")
                    #expect(result.errorLine?.contains(identity) == true, "\(label): the refusal should name \(identity)\n\(result)")
                }
                #expect(bed.files(under: (folder as NSString).appendingPathComponent("ledger")).count == sizeBefore,
                        "\(label): nothing was written")
            }
            // 4. Fresh keys in place, on the officer's own host (whose catalog is up to date):
            //    the ledger's registered keys are compared and the identity named.
            let original = try bed.read(bed.repoPath(identity))
            try IdentityFile.write(root: bed.repo, repositoryID: repositoryID, userID: officerID, name: "officer",
                                   sealingKey: try X25519.PrivateKey.generate(), signingKey: try Ed25519.PrivateKey.generate(),
                                   passphrase: bed.passphrase, parameters: Scrypt.Parameters(logN: 10))
            let inPlace = try bed.fails(65, ["get", item, "-o", "-"])
            #expect(inPlace.errorLine == "evidence: The keys in \(identity) are not the ones the ledger registered for officer; the identity file was replaced.",
                    "\(inPlace)")
            try original.write(to: URL(fileURLWithPath: bed.repoPath(identity)))
            // The restored repository works again for the officer.
            #expect(try bed.get(item) == Data("alpha".utf8))
        }
    }

    @Test("recover grant-case: administrator, recovery passphrase and reason; recorded as recovery.used")
    func recoverGrantCase() throws {
        try CLITestbed.run { bed in
            let initAnswer = try bed.initRepository()
            let recoveryCode = try #require(initAnswer["recoveryCode"] as? String)
            let caseID = try bed.createCase("CR-1")
            let content = "statement \(UUID().uuidString)"
            let item = try bed.addOne(try bed.write("in/a.txt", content))
            let ninaID = try bed.addUser("nina", roles: ["investigator"], clearance: "SC")
            try bed.addUser("noah", roles: ["prosecutor"], clearance: "SC")
            let adminID = try bed.userID("admin")
            let codeFile = try bed.secretFile("in/recovery-code", recoveryCode)
            try bed.fails(66, ["get", item, "-o", "-"], environment: bed.env("nina"))

            // No reason: 64, nothing recorded.
            let noReason = try bed.fails(64, ["recover", "grant-case", caseID, "nina", "--role", "investigator",
                                              "--recovery-passphrase-file", codeFile],
                                         environment: bed.env("admin", ["EVIDENCE_REASON": nil]))
            #expect(noReason.errorLine?.contains("reason") == true, "\(noReason)")
            // A wrong recovery passphrase: 77.
            let wrongFile = try bed.secretFile("in/wrong", "not-the-recovery-passphrase")
            let wrong = try bed.fails(77, ["recover", "grant-case", caseID, "nina", "--role", "investigator",
                                           "--recovery-passphrase-file", wrongFile, "--reason", "lost passphrase"],
                                      environment: bed.asAdmin)
            #expect(wrong.errorLine?.contains("recovery") == true, "\(wrong)")
            // Not an administrator: 77 and a refusal event.
            try bed.refused(77, as: "officer", ["recover", "grant-case", caseID, "nina", "--role", "investigator",
                                                "--recovery-passphrase-file", codeFile])
            #expect(try bed.events("recovery.used").isEmpty)
            try bed.fails(66, ["get", item, "-o", "-"], environment: bed.env("nina"))

            // With the recovery code from a file and a reason: the grantee reads the case.
            let done = try bed.ok(["recover", "grant-case", caseID, "nina", "--role", "investigator",
                                   "--recovery-passphrase-file", codeFile, "--reason", "nina re-enrolled after losing her passphrase"],
                                  environment: bed.env("admin", ["EVIDENCE_REASON": nil]))
            #expect(done.out.contains(caseID), "\(done)")
            #expect(try bed.ok(["get", item, "-o", "-"], environment: bed.env("nina")).stdout == Data(content.utf8))
            let used = try bed.events("recovery.used")
            #expect(used.count == 1 && used.first?["actor"] as? String == adminID, "\(used)")
            #expect(used.first?["actorName"] as? String == "admin")
            let grant = try bed.events("case.granted").last
            #expect((grant?["public"] as? [String: Any])?["user"] as? String == ninaID, "\(String(describing: grant))")

            // A recovery passphrase (a further slot), through EVIDENCE_RECOVERY_PASSPHRASE.
            let slotPassphrase = "custodian-two-\(UUID().uuidString)"
            try bed.ok(["key", "add", "--recovery-passphrase-file", codeFile, "--kdf-cost", "10", "--label", "custodian 2"],
                       environment: bed.env("admin", ["EVIDENCE_NEW_RECOVERY_PASSPHRASE": slotPassphrase]))
            try bed.ok(["recover", "grant-case", caseID, "noah", "--role", "prosecutor"],
                       environment: bed.env("admin", ["EVIDENCE_RECOVERY_PASSPHRASE": slotPassphrase]))
            #expect(try bed.ok(["get", item, "-o", "-"], environment: bed.env("noah")).stdout == Data(content.utf8))
            #expect(try bed.events("recovery.used").count == 2)
            // A role the grantee does not hold: 64.
            try bed.fails(64, ["recover", "grant-case", caseID, "officer", "--role", "prosecutor"],
                          environment: bed.env("admin", ["EVIDENCE_RECOVERY_PASSPHRASE": slotPassphrase]))
            #expect(try bed.events("recovery.used").count == 2)
            try bed.verifyIntact()
        }
    }
}
