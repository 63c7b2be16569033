import Foundation
import Testing

/// Roles: separation of duties (the administrator sees no case), what each case
/// role may do, reasons for reading, and who may grant what to whom.
@Suite("CLI access: roles")
struct CLIAccessRoleTests {
    @Test("the administrator creates no case and sees no case or item: 66 exactly as for what does not exist")
    func administratorSeesNothing() throws {
        try CLITestbed.run { bed in
            try bed.initRepository()
            let caseID = try bed.createCase("CR-1")
            let item = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let adminID = try #require(try bed.userIDs()["admin"])

            let create = try bed.refused(77, as: "admin", ["case", "create", "CR-2", "--title", "x"])
            #expect(create.errorLine?.hasPrefix("evidence: You may not create cases") == true, "\(create)")
            #expect(try bed.ok(["case", "list", "--json"], environment: bed.asAdmin).stdout.isEmpty)
            #expect(try bed.ok(["case", "list"], environment: bed.asAdmin).stdout.isEmpty)
            #expect(try bed.ok(["list", "--json"], environment: bed.asAdmin).stdout.isEmpty)

            // show / get / log --item of a real item and of a made-up one: the same sentence, both recorded.
            let missing = unknownID("itm")
            for command in [["show"], ["get"], ["log", "--item"]] {
                let suffix = command == ["get"] ? ["-o", "-"] : []
                let real = try bed.refused(66, as: "admin", command + [item] + suffix)
                let fake = try bed.refused(66, as: "admin", command + [missing] + suffix)
                #expect(sentence(real, naming: item) == sentence(fake, naming: missing),
                        "hidden and missing must read alike\n\(real)\n\(fake)")
                #expect(real.errorLine == "evidence: No item \(item) exists in this repository.", "\(real)")
            }
            // The same for the case, by reference and by id.
            for reference in ["CR-1", caseID] {
                let real = try bed.refused(66, as: "admin", ["list", "--case", reference])
                let fake = try bed.refused(66, as: "admin", ["list", "--case", "CR-404"])
                #expect(sentence(real, naming: reference) == sentence(fake, naming: "CR-404"), "\(real)\n\(fake)")
            }
            // Nothing of the case reaches the administrator through the log either.
            let adminLog = try bed.logEntries(as: "admin")
            #expect(adminLog.allSatisfy { $0["case"] == nil && $0["item"] == nil }, "\(adminLog)")
            let adminText = try bed.ok(["log"], environment: bed.asAdmin)
            #expect(!adminText.out.contains(item) && !adminText.out.contains(caseID) && !adminText.out.contains("CR-1"))
            #expect(try bed.denials(of: adminID) == 1 + 3 * 2 + 2 * 2)
        }
    }

    @Test("investigator, exhibits officer and prosecutor in a case; reasons for reading; who may grant")
    func caseRoles() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let content = "alpha statement \(UUID().uuidString)"
            let item = try bed.addOne(try bed.write("in/a.txt", content))
            let ivanID = try bed.addUser("ivan", roles: ["investigator"], clearance: "SC")
            try bed.addUser("eve", roles: ["exhibits-officer"], clearance: "SC")
            try bed.addUser("pat", roles: ["prosecutor"], clearance: "SC")
            try bed.addUser("dora", roles: ["disclosure-officer"], clearance: "SC")
            try bed.addUser("bea", roles: ["investigator"], clearance: "BPSS")
            try bed.ok(["case", "grant", "CR-1", "ivan", "--role", "investigator"])
            try bed.ok(["case", "grant", "CR-1", "eve", "--role", "exhibits-officer"])
            let granted = try bed.ok(["case", "grant", "CR-1", "pat", "--role", "prosecutor"])
            #expect(granted.out == "Granted pat the role prosecutor in case CR-1.\n", "\(granted)")

            // Investigator: adds and reads; reading needs a reason.
            let ivanFile = try bed.write("in/ivan.txt", "ivan's notes")
            let ivanItem = try #require(try bed.ok(["add", "--case", "CR-1", "--json", ivanFile],
                                                   environment: bed.env("ivan")).jsonLines().first?["id"] as? String)
            let readsBefore = try bed.events("item.read").count
            let noReason = try bed.fails(64, ["get", item, "-o", "-"], environment: bed.env("ivan", ["EVIDENCE_REASON": nil]))
            #expect(noReason.errorLine?.contains("--reason") == true, "\(noReason)")
            #expect(try bed.events("item.read").count == readsBefore, "a refused read is not a read")
            let read = try bed.ok(["get", item, "-o", "-", "--reason", "interview preparation"],
                                  environment: bed.env("ivan", ["EVIDENCE_REASON": nil]))
            #expect(read.stdout == Data(content.utf8))
            let reads = try bed.events("item.read", actor: ivanID)
            #expect(reads.count == 1 && reads.first?["item"] as? String == item, "\(reads)")
            #expect(try bed.ok(["get", ivanItem, "-o", "-"], environment: bed.env("ivan")).stdout == Data("ivan's notes".utf8))

            // Exhibits officer: adds and views, but may not read content (77 for an item they can see).
            try bed.ok(["add", "--case", "CR-1", try bed.write("in/eve.txt", "exhibit label")], environment: bed.env("eve"))
            try bed.ok(["show", item], environment: bed.env("eve"))
            let eveRead = try bed.refused(77, as: "eve", ["get", item, "-o", "-"])
            #expect(eveRead.errorLine == "evidence: You may not read the content of item \(item): the role exhibits-officer in item \(item) may not read-content.",
                    "\(eveRead)")

            // Prosecutor: reads, but may not add (77, recorded like every refusal).
            #expect(try bed.ok(["get", item, "-o", "-"], environment: bed.env("pat")).stdout == Data(content.utf8))
            let itemsBefore = try bed.itemIDs().count
            let patAdd = try bed.refused(77, as: "pat", ["add", "--case", "CR-1", try bed.write("in/pat.txt", "pat")])
            #expect(patAdd.errorLine?.hasPrefix("evidence: You may not add items to case CR-1") == true, "\(patAdd)")
            #expect(try bed.itemIDs().count == itemsBefore)

            // Granting needs grant-membership: an investigator may not (77, recorded).
            let ivanGrant = try bed.refused(77, as: "ivan", ["case", "grant", "CR-1", "dora", "--role", "disclosure-officer"])
            #expect(ivanGrant.errorLine?.hasPrefix("evidence: You may not grant or revoke membership of case CR-1") == true,
                    "\(ivanGrant)")
            try bed.refused(77, as: "ivan", ["case", "revoke", "CR-1", "pat"])
            try bed.refused(77, as: "ivan", ["case", "rekey", "CR-1"])

            // A role the user does not hold, or a repository role: 64.
            let notHeld = try bed.fails(64, ["case", "grant", "CR-1", "dora", "--role", "investigator"])
            #expect(notHeld.errorLine?.contains("does not hold the role investigator") == true, "\(notHeld)")
            try bed.fails(64, ["case", "grant", "CR-1", "dora", "--role", "administrator"])
            try bed.fails(64, ["case", "grant", "CR-1", "dora", "--role", "no-such-role"])
            // A clearance that does not cover the case: 64, and the case stays invisible to them.
            try bed.createCase("CR-S", extra: ["--classification", "SECRET"])
            let uncleared = try bed.fails(64, ["case", "grant", "CR-S", "bea", "--role", "investigator"])
            #expect(uncleared.errorLine?.contains("clearance") == true, "\(uncleared)")
            #expect(try bed.ok(["case", "list", "--json"], environment: bed.env("bea")).stdout.isEmpty)
            // None of the refused grants made anyone a member.
            let grants = try bed.events("case.granted")
            #expect(grants.count == 5, "CR-1: officer, ivan, eve, pat; CR-S: officer\n\(grants)")
            #expect(try bed.ok(["case", "list", "--json"], environment: bed.env("dora")).stdout.isEmpty)
        }
    }
}
