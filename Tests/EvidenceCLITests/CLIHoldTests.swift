import Foundation
import Testing

/// Legal holds: `hold add` and `hold release` on a case or an item; a hold in force
/// blocks disposal of what it covers.
@Suite("CLI legal holds")
struct CLIHoldTests {
    @Test("a hold on the case blocks disposal (65) until released; show and case show list it")
    func caseHold() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let content = "held \(UUID().uuidString)"
            let item = try bed.addOne(try bed.write("in/a.txt", content))
            let hold = try bed.ok(["hold", "add", "CR-1", "--reason", "civil claim pending", "--json"]).json()
            let holdID = try #require(hold["id"] as? String)
            #expect(hold["active"] as? Bool == true && hold["reason"] as? String == "civil claim pending", "\(hold)")

            let caseShow = try bed.ok(["case", "show", "CR-1"]).out
            #expect(caseShow.contains(holdID) && caseShow.contains("civil claim pending"), "\(caseShow)")
            let itemShow = try bed.ok(["show", item]).out
            #expect(itemShow.contains("Legal holds in force") && itemShow.contains(holdID), "\(itemShow)")

            let blocked = try bed.fails(65, ["dispose", item, "--reason", "x"], environment: bed.env("exo"))
            #expect(blocked.errorLine?.contains("case CR-1 is under legal hold \(holdID)") == true, "\(blocked)")
            #expect(try bed.events("item.disposed").isEmpty)
            #expect(try bed.get(item) == Data(content.utf8))

            let released = try bed.ok(["hold", "release", "CR-1", "--reason", "claim settled", "--json"]).json()
            #expect(released["id"] as? String == holdID && released["active"] as? Bool == false, "\(released)")
            #expect(try bed.ok(["case", "show", "CR-1"]).out.contains("No legal holds in force."))
            #expect(try bed.ok(["case", "show", "CR-1", "--all"]).out.contains("released"))
            let log = try bed.ok(["log", "--case", "CR-1"]).out
            #expect(log.contains("placed legal hold \(holdID)") && log.contains("released legal hold \(holdID)"), "\(log)")
            try bed.dispose(item)
            try bed.verifyIntact()
            try bed.ok(["rebuild"])
            try bed.verifyIntact()
        }
    }

    @Test("a hold on an item blocks that item and the parts extracted from it, not its neighbours")
    func itemHold() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            try bed.add([SearchFixtures.email])
            let other = try bed.addOne(try bed.write("in/other.txt", "not held"))
            let items = try bed.listItems()
            let ids = items.compactMap { $0["id"] as? String }
            let parents = items.map { $0["parent"] as? String }
            let email = try #require(zip(ids, parents).first { $0.1 == nil && $0.0 != other }?.0)
            let part = try #require(zip(ids, parents).first { $0.1 == email }?.0)

            try bed.ok(["hold", "add", email, "--reason", "IOPC referral"])
            let onPart = try bed.fails(65, ["dispose", part, "--reason", "x"], environment: bed.env("exo"))
            #expect(onPart.errorLine?.contains("item \(email) is under legal hold") == true, "\(onPart)")
            try bed.fails(65, ["dispose", email, "--reason", "x"], environment: bed.env("exo"))
            try bed.dispose(other)
            // A case-level release does not lift an item hold.
            try bed.fails(66, ["hold", "release", "CR-1", "--reason", "x"])
            try bed.ok(["hold", "release", email, "--reason", "referral closed"])
            try bed.dispose(email)
            try bed.verifyIntact()
        }
    }

    @Test("hold bad input: 64 without a reason or with two holds and no --hold, 66 unseen, 77 without record-disclosure")
    func holdRefusals() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            try bed.addUser("olly", roles: ["investigator"], clearance: "SC")
            let item = try bed.addOne(try bed.write("in/a.txt", "a"))
            let entries = try bed.ledgerEntryCount()
            try bed.fails(64, ["hold", "add", "CR-1"], environment: bed.env("officer", ["EVIDENCE_REASON": nil]))
            try bed.usageError(["hold", "add"])
            try bed.fails(66, ["hold", "release", "CR-1", "--reason", "nothing held"])
            #expect(try bed.ledgerEntryCount() == entries, "bad input records nothing")

            let missing = try bed.fails(66, ["hold", "add", "CR-404", "--reason", "x"])
            let hidden = try bed.refused(66, as: "olly", ["hold", "add", "CR-1", "--reason", "x"])
            #expect(hidden.errorLine == missing.errorLine?.replacingOccurrences(of: "CR-404", with: "CR-1"), "\(hidden) / \(missing)")
            try bed.refused(66, as: "olly", ["hold", "add", item, "--reason", "x"])
            let denied = try bed.refused(77, as: "exo", ["hold", "add", "CR-1", "--reason", "x"])
            #expect(denied.errorLine?.contains("may not record disclosure decisions on case CR-1") == true, "\(denied)")

            let first = try #require(try bed.ok(["hold", "add", "CR-1", "--reason", "one", "--json"]).json()["id"] as? String)
            let second = try #require(try bed.ok(["hold", "add", "CR-1", "--reason", "two", "--json"]).json()["id"] as? String)
            let ambiguous = try bed.fails(64, ["hold", "release", "CR-1", "--reason", "x"])
            #expect(ambiguous.errorLine?.contains(first) == true && ambiguous.errorLine?.contains(second) == true, "\(ambiguous)")
            try bed.fails(66, ["hold", "release", "CR-1", "--hold", "hld_01JZZZZZZZZZZZZZZZZZZZZZZZ", "--reason", "x"])
            try bed.refused(77, as: "exo", ["hold", "release", "CR-1", "--hold", first, "--reason", "x"])
            try bed.ok(["hold", "release", "CR-1", "--hold", first, "--reason", "x"])
            // Still held by the second.
            try bed.fails(65, ["dispose", item, "--reason", "x"], environment: bed.env("exo"))
            try bed.ok(["hold", "release", "CR-1", "--reason", "x"])
            try bed.dispose(item)
            try bed.verifyIntact()
        }
    }
}
