import Foundation
import Testing

/// The auditor: given the audit key through the recovery key (break-glass, recorded), they
/// open the audit parts of events (who, why, refusals) but read no case content; an audit-key
/// envelope the ledger never granted is found by verify.
@Suite("CLI: access, the auditor")
struct CLIAccessAuditorTests {
    @Test("recover grant-audit lets an auditor open audit parts, never content; bad uses are refused")
    func auditorOpensAuditParts() throws {
        try CLITestbed.run { bed in
            let initAnswer = try bed.initRepository()
            let codeFile = try bed.secretFile("in/recovery-code", try #require(initAnswer["recoveryCode"] as? String))
            try bed.createCase("CR-1")
            let item = try bed.addOne(try bed.write("in/a.txt", "a statement about the window\n"))
            try bed.ok(["get", item, "-o", "-", "--reason", "checking the statement"])
            try bed.addUser("audrey", roles: ["auditor"], clearance: "SC")
            try bed.addUser("nina", roles: ["investigator"], clearance: "SC")
            let audreyID = try bed.userID("audrey")
            let audrey = bed.env("audrey")
            try bed.fails(66, ["get", item, "-o", "-"], environment: bed.env("nina"))

            // Before: the audit parts are locked to the auditor too.
            let before = try bed.logEntries(as: "audrey")
            #expect(before.allSatisfy { $0["audit"] as? String != "open" }, "\(before.prefix(3))")

            // Refusals: no reason (64), a wrong recovery passphrase (77), not an administrator
            // (77, recorded), a user who may not audit (64); nothing sealed, nothing recorded as used.
            let noReason = try bed.fails(64, ["recover", "grant-audit", "audrey", "--recovery-passphrase-file", codeFile],
                                         environment: bed.env("admin", ["EVIDENCE_REASON": nil]))
            #expect(noReason.errorLine?.contains("reason") == true, "\(noReason)")
            let wrongFile = try bed.secretFile("in/wrong", "not-the-recovery-passphrase")
            try bed.fails(77, ["recover", "grant-audit", "audrey", "--recovery-passphrase-file", wrongFile], environment: bed.asAdmin)
            try bed.refused(77, as: "officer", ["recover", "grant-audit", "audrey", "--recovery-passphrase-file", codeFile])
            let notAuditor = try bed.fails(64, ["recover", "grant-audit", "nina", "--recovery-passphrase-file", codeFile],
                                           environment: bed.asAdmin)
            #expect(notAuditor.errorLine?.contains("audit") == true, "\(notAuditor)")
            #expect(try bed.events("recovery.used").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("audit/1/\(audreyID)")))

            let done = try bed.ok(["recover", "grant-audit", "audrey", "--recovery-passphrase-file", codeFile,
                                   "--reason", "quarterly audit of case access"], environment: bed.asAdmin)
            #expect(done.out.contains("audrey"), "\(done)")
            let used = try #require(try bed.events("recovery.used").last)
            #expect((used["public"] as? [String: Any])?["purpose"] as? String == "grant-audit")
            #expect((used["public"] as? [String: Any])?["user"] as? String == audreyID)

            // After: every audit part opens for her, with the reasons and the refusals.
            let after = try bed.logEntries(as: "audrey")
            #expect(after.allSatisfy { $0["audit"] as? String == "open" || $0["audit"] as? String == "none" })
            let read = try #require(after.first { $0["type"] as? String == "item.read" })
            #expect((read["auditDetails"] as? [String: Any])?["reason"] as? String == "checking the statement", "\(read)")
            let refusals = after.filter { $0["type"] as? String == "access.denied" }
            #expect(refusals.count >= 2)
            for refusal in refusals {
                let details = refusal["auditDetails"] as? [String: Any] ?? [:]
                #expect(details["action"] is String && details["rule"] is String && details["outcome"] is String, "\(refusal)")
            }
            // The grant's own reason is in its audit part.
            let grant = try #require(after.last { $0["type"] as? String == "recovery.used" })
            #expect((grant["auditDetails"] as? [String: Any])?["reason"] as? String == "quarterly audit of case access")
            // But no content, and no case details: she is no member of any case.
            try bed.fails(66, ["get", item, "-o", "-"], environment: audrey)
            #expect(after.filter { $0["type"] as? String == "item.added" }.allSatisfy { $0["sealed"] as? String == "locked" })
            #expect(try bed.ok(["verify"], environment: audrey).out.contains("Intact"))
            try bed.verifyIntact()
        }
    }

    @Test("verify reports an audit-key envelope the ledger never granted; audit reports a granted one deleted")
    func plantedAuditEnvelope() throws {
        try CLITestbed.run { bed in
            let initAnswer = try bed.initRepository()
            let codeFile = try bed.secretFile("in/recovery-code", try #require(initAnswer["recoveryCode"] as? String))
            try bed.addUser("audrey", roles: ["auditor"], clearance: "SC")
            try bed.ok(["recover", "grant-audit", "audrey", "--recovery-passphrase-file", codeFile], environment: bed.asAdmin)
            try bed.verifyIntact()
            // A copy of audrey's envelope under the officer's id: the officer could not open it,
            // but a planted envelope is how a key would be slipped to someone, so it is named.
            let officerID = try bed.userID("officer")
            let planted = bed.repoPath("audit/1/\(officerID)")
            try FileManager.default.copyItem(atPath: bed.repoPath("audit/1/\(try bed.userID("audrey"))"), toPath: planted)
            let broken = try bed.verifyFails()
            #expect((broken.out + broken.err).contains("audit/1/\(officerID)"), "\(broken)")
            try FileManager.default.removeItem(atPath: planted)
            try bed.verifyIntact()

            // The keyless audit holds the auditor's envelope to the grant that accounts for it.
            let key = try bed.verifierKey()
            try bed.auditIntact(key)
            let envelope = bed.repoPath("audit/1/\(try bed.userID("audrey"))")
            let saved = try bed.read(envelope)
            try FileManager.default.removeItem(atPath: envelope)
            expectNamed(try bed.auditFails(key), "audit/1/\(try bed.userID("audrey")) is missing")
            try saved.write(to: URL(fileURLWithPath: envelope))
            try bed.auditIntact(key)
        }
    }
}
