import Foundation
import Testing

/// Custody under the access policy: recording custody is the `record-custody` action; the
/// continuity, the report and the proofs need `view-metadata`. What a user may not see is
/// answered exactly as what does not exist (66); what their role does not allow is 77; both
/// are recorded as access.denied.
@Suite("CLI access: custody and proofs")
struct CLICustodyAccessTests {
    @Test("a role without record-custody is refused (77, recorded) but may read the continuity")
    func roleWithoutRecordCustody() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let knife = try CLICustodyTests.addKnife(bed)
            try bed.addUser("pat", roles: ["prosecutor"])
            try bed.addUser("eve", roles: ["exhibits-officer"])
            try bed.ok(["case", "grant", "CR-1", "pat", "--role", "prosecutor"])
            try bed.ok(["case", "grant", "CR-1", "eve", "--role", "exhibits-officer"])
            let checkpoint = try bed.ok(["checkpoint"]).out

            let refused = try bed.refused(77, as: "pat", ["custody", "transfer", knife, "--to", "Pat", "--reason", "trial"])
            #expect(refused.errorLine?.hasPrefix("evidence: You may not record custody of") == true, "\(refused)")
            #expect(try bed.events("custody.transferred").isEmpty)
            #expect(try bed.ok(["checkpoint"]).out != checkpoint, "the refusal itself is in the ledger")
            // The prosecutor may read the record and check the proofs.
            try bed.ok(["custody", "history", knife], environment: bed.env("pat"))
            try bed.ok(["prove", knife], environment: bed.env("pat"))
            try bed.ok(["custody", "report", knife, "-o", bed.path("pat.html")], environment: bed.env("pat"))

            // The exhibits officer records hand-overs; the entry is theirs.
            try bed.ok(["custody", "transfer", knife, "--to", "Property store", "--reason", "booked in"], environment: bed.env("eve"))
            let eveID = try bed.userID("eve")
            #expect(try bed.events("custody.transferred").map { $0["actor"] as? String } == [eveID])
        }
    }

    @Test("items a user may not see read exactly as items that do not exist (66, recorded)")
    func invisibleReadsAsMissing() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let knife = try CLICustodyTests.addKnife(bed)
            let sensitive = try CLICustodyTests.addKnife(bed, extra: ["--sensitive"])
            // ivan is an investigator, but not a member of CR-1; ines is a member who may not see sensitive material.
            try bed.addUser("ivan", roles: ["investigator"])
            try bed.addUser("ines", roles: ["investigator"])
            try bed.ok(["case", "grant", "CR-1", "ines", "--role", "investigator"])
            let missing = unknownID("itm")
            let commands: [[String]] = [
                ["custody", "transfer", "ITEM", "--to", "X", "--reason", "y"], ["custody", "history", "ITEM"],
                ["custody", "report", "ITEM", "-o", bed.path("r.html")], ["prove", "ITEM"],
            ]
            for (user, hidden) in [("ivan", knife), ("ines", sensitive)] {
                for command in commands {
                    let real = try bed.refused(66, as: user, command.map { $0 == "ITEM" ? hidden : $0 })
                    let fake = try bed.refused(66, as: user, command.map { $0 == "ITEM" ? missing : $0 })
                    #expect(sentence(real, naming: hidden) == sentence(fake, naming: missing), "\(real)\n\(fake)")
                    #expect(real.errorLine == "evidence: No item \(hidden) exists in this repository.", "\(real)")
                }
            }
            #expect(!FileManager.default.fileExists(atPath: bed.path("r.html")))
            // ines sees the ordinary exhibit and may hand it over.
            try bed.ok(["custody", "transfer", knife, "--to", "Lab", "--reason", "examination"], environment: bed.env("ines"))
            #expect(try bed.events("custody.transferred").count == 1)
        }
    }
}
