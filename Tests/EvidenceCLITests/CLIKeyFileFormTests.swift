import EvidenceStore
import Foundation
import Testing

/// What an independent verifier written from docs/FORMAT.md alone found:
/// key files the ledger does not account for, key files missing, and key files whose JSON is
/// not canonical (§1, §4, §5.4) must each be named by `verify` and `audit` with exit 65.
@Suite("CLI: key files against the ledger and their canonical form")
struct CLIKeyFileFormTests {
    /// `bytes` re-written as a careless editor would: the same members and values, with a
    /// space after every comma between members, which is no longer canonical JSON.
    private func respaced(_ bytes: Data) -> Data {
        Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: ",\"", with: ", \"").utf8)
    }

    private func respace(_ bed: CLITestbed, _ relative: String) throws {
        let original = try bed.read(bed.repoPath(relative))
        let changed = respaced(original)
        #expect(changed != original, "\(relative) should have changed")
        #expect((try JSONSerialization.jsonObject(with: changed)) is [String: Any], "\(relative) must still be JSON")
        try changed.write(to: URL(fileURLWithPath: bed.repoPath(relative)))
    }

    @Test("audit names an audit-key envelope that no ledger entry accounts for (65), as verify does")
    func plantedAuditEnvelopeAudit() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            try bed.auditIntact(key)
            let officerID = try bed.userID("officer")
            let planted = "audit/1/\(officerID)"
            try FileManager.default.copyItem(atPath: bed.repoPath("audit/1/recovery"), toPath: bed.repoPath(planted))
            let audit = try bed.auditFails(key)
            expectNamed(audit, planted)
            expectNamed(try bed.verifyFails(), planted)
            // A second generation the ledger never made is named too.
            try FileManager.default.removeItem(atPath: bed.repoPath(planted))
            try FileManager.default.createDirectory(atPath: bed.repoPath("audit/2"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: bed.repoPath("audit/1/recovery"), toPath: bed.repoPath("audit/2/recovery"))
            expectNamed(try bed.auditFails(key), "audit/2/recovery")
            try FileManager.default.removeItem(atPath: bed.repoPath("audit/2"))
            try bed.auditIntact(key)
        }
    }

    @Test("a registered user's identity file deleted: verify and audit 65 naming it; a disabled user's too")
    func deletedIdentity() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let ivan = try bed.addUser("ivan", roles: ["investigator"])
            let key = try bed.verifierKey()
            try bed.verifyIntact()
            let relative = "identities/\(ivan)"
            let saved = try bed.read(bed.repoPath(relative))
            try FileManager.default.removeItem(atPath: bed.repoPath(relative))
            let verify = try bed.verifyFails()
            expectNamed(verify, "\(relative) is missing")
            expectNamed(try bed.auditFails(key), "\(relative) is missing")
            // Disabling a user retires no file (§5.3): theirs must still be there.
            try saved.write(to: URL(fileURLWithPath: bed.repoPath(relative)))
            try bed.ok(["user", "disable", "ivan"], environment: bed.asAdmin)
            try bed.verifyIntact()
            try FileManager.default.removeItem(atPath: bed.repoPath(relative))
            expectNamed(try bed.verifyFails(), "\(relative) is missing")
        }
    }

    @Test("config re-written with spaces: every command refuses it (65, naming config)")
    func nonCanonicalConfig() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            try respace(bed, "config")
            let verify = try bed.fails(65, ["verify"])
            expectNamed(verify, "config")
            expectNamed(verify, "canonical")
            let audit = try bed.audit(key)
            #expect(audit.status == 65, "\(audit)")
            expectNamed(audit, "config")
            try bed.fails(65, ["list"])
        }
    }

    @Test("a key envelope re-written with spaces: verify and audit 65 naming it, whoever holds it")
    func nonCanonicalEnvelope() throws {
        try CLITestbed.run { bed in
            let caseID = try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            for relative in ["keyring/1/recovery", "audit/1/recovery", "cases/\(caseID)/keys/1/recovery"] {
                let saved = try bed.read(bed.repoPath(relative))
                try respace(bed, relative)
                let verify = try bed.verifyFails()
                expectNamed(verify, relative)
                expectNamed(verify, "canonical")
                expectNamed(try bed.auditFails(key), relative)
                try saved.write(to: URL(fileURLWithPath: bed.repoPath(relative)))
            }
            try bed.verifyIntact()
            try bed.auditIntact(key)
        }
    }

    @Test("a recovery key slot re-written with spaces: verify and audit 65 naming it")
    func nonCanonicalSlot() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            let slot = try #require(bed.files(under: bed.repoPath("keys")).first { $0.hasPrefix("slot_") })
            let relative = "keys/\(slot)"
            let saved = try bed.read(bed.repoPath(relative))
            try respace(bed, relative)
            let verify = try bed.verifyFails()
            expectNamed(verify, relative)
            expectNamed(verify, "canonical")
            expectNamed(try bed.auditFails(key), relative)
            try saved.write(to: URL(fileURLWithPath: bed.repoPath(relative)))
            try bed.auditIntact(key)
        }
    }

    @Test("an identity file re-written with spaces: sign-in and verify name it as damaged (65), not a wrong passphrase")
    func nonCanonicalIdentity() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            let officer = "identities/\(try bed.userID("officer"))"
            let admin = "identities/\(try bed.userID("admin"))"
            // Another user's file: the verifying officer signs in and verify names it.
            let savedAdmin = try bed.read(bed.repoPath(admin))
            try respace(bed, admin)
            let other = try bed.verifyFails()
            expectNamed(other, admin)
            expectNamed(other, "canonical")
            expectNamed(try bed.auditFails(key), admin)
            try savedAdmin.write(to: URL(fileURLWithPath: bed.repoPath(admin)))
            // The verifying user's own file: named as damaged, never taken for a wrong passphrase.
            try respace(bed, officer)
            let own = try bed.run(["verify"])
            #expect(own.status == 65, "\(own)")
            expectNamed(own, officer)
            #expect(!(own.out + own.err).contains("Wrong passphrase"), "\(own)")
            let list = try bed.fails(65, ["list"])
            #expect(list.errorLine?.contains(officer) == true, "\(list)")
            expectNamed(try bed.auditFails(key), officer)
        }
    }
}
