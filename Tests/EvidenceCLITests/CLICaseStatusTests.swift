import Foundation
import Testing

/// Case status: `evidence case status` records the CPIA stage of a case, which
/// decides whether its material may be disposed of.
@Suite("CLI case status and CPIA retention")
struct CLICaseStatusTests {
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    @Test("under investigation, charged, appeal pending and a recent conviction block disposal; NFA, acquittal and an old conviction allow it")
    func statusBlocks() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase(status: nil)
            let content = "exhibit \(UUID().uuidString)"
            let item = try bed.addOne(try bed.write("in/a.txt", content))
            for (status, date, phrase) in [("under-investigation", "2024-01-01", "under investigation"),
                                           ("charged", "2024-02-01", "charged"),
                                           ("appeal-pending", "2024-03-01", "appeal is pending"),
                                           ("convicted", Self.today(), "six months from the conviction")] {
                try bed.ok(["case", "status", "CR-1", status, "--date", date])
                let refused = try bed.fails(65, ["dispose", item, "--reason", "x"], environment: bed.env("exo"))
                #expect(refused.errorLine?.contains(phrase) == true, "\(status): \(refused)")
            }
            #expect(try bed.events("item.disposed").isEmpty)
            #expect(try bed.get(item) == Data(content.utf8))
            let shown = try bed.ok(["case", "show", "CR-1", "--json"]).json()
            #expect(shown["status"] as? String == "convicted" && shown["statusDate"] as? String == Self.today(), "\(shown)")
            let log = try bed.ok(["log", "--type", "case.status"]).out
            #expect(log.contains("as appeal-pending on 2024-03-01"), "\(log)")

            // An old conviction without a recorded release: still refused, naming what to record.
            try bed.ok(["case", "status", "CR-1", "convicted", "--date", "2023-01-31"])
            let unreleased = try bed.fails(65, ["dispose", item, "--reason", "x"], environment: bed.env("exo"))
            #expect(unreleased.errorLine?.contains("--released") == true, "\(unreleased)")
            // Released, and six months from the conviction passed: allowed.
            try bed.ok(["case", "status", "CR-1", "convicted", "--date", "2023-01-31", "--released", "2024-05-02"])
            let shownReleased = try bed.ok(["case", "show", "CR-1", "--json"]).json()
            #expect(shownReleased["releasedDate"] as? String == "2024-05-02", "\(shownReleased)")
            try bed.ok(["dispose", item, "--reason", "released and six months passed"], environment: bed.env("exo"))
            #expect(try bed.events("item.disposed").count == 1)
            try bed.verifyIntact()
        }
    }

    @Test("no-further-action and acquitted allow disposal")
    func statusAllows() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase(status: "acquitted", date: "2025-06-30")
            try bed.dispose(try bed.addOne(try bed.write("in/a.txt", "a")))
            try bed.ok(["case", "status", "CR-1", "no-further-action", "--date", "2025-07-01"])
            try bed.dispose(try bed.addOne(try bed.write("in/b.txt", "b")))
            try bed.verifyIntact()
        }
    }

    @Test("case status bad input: 64 for an unknown status, a malformed or future date; 66 unseen; 77 without record-disclosure")
    func statusRefusals() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase(status: nil)
            try bed.addUser("olly", roles: ["investigator"], clearance: "SC")
            let entries = try bed.ledgerEntryCount()
            try bed.fails(64, ["case", "status", "CR-1", "closed", "--date", "2024-01-01"])
            try bed.fails(64, ["case", "status", "CR-1", "charged", "--date", "2024-02-30"])
            try bed.fails(64, ["case", "status", "CR-1", "charged", "--date", "01/02/2024"])
            try bed.fails(64, ["case", "status", "CR-1", "charged", "--date", "2999-01-01"])
            try bed.usageError(["case", "status", "CR-1", "charged"])
            // A release belongs to a conviction, after it and not in the future.
            try bed.fails(64, ["case", "status", "CR-1", "charged", "--date", "2024-01-01", "--released", "2024-02-01"])
            try bed.fails(64, ["case", "status", "CR-1", "convicted", "--date", "2024-01-01", "--released", "2023-12-31"])
            try bed.fails(64, ["case", "status", "CR-1", "convicted", "--date", "2024-01-01", "--released", "2999-01-01"])
            #expect(try bed.ledgerEntryCount() == entries, "bad input records nothing")
            let missing = try bed.fails(66, ["case", "status", "CR-404", "charged", "--date", "2024-01-01"])
            let hidden = try bed.refused(66, as: "olly", ["case", "status", "CR-1", "charged", "--date", "2024-01-01"])
            #expect(hidden.errorLine == missing.errorLine?.replacingOccurrences(of: "CR-404", with: "CR-1"))
            try bed.refused(77, as: "exo", ["case", "status", "CR-1", "no-further-action", "--date", "2024-01-01"])
            #expect(try bed.events("case.status").isEmpty)
        }
    }
}
