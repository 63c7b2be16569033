import Foundation
import Testing

/// Retention reviews: review dates on items (at `add` or later) and cases,
/// `retention due`, and review decisions recorded as events.
@Suite("CLI retention reviews")
struct CLIRetentionTests {
    @Test("review dates from add and retention set are listed by retention due; decisions are recorded")
    func dueAndReview() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let early = try bed.addOne(try bed.write("in/early.txt", "early"), extra: ["--review-date", "2020-01-01",
                                                                                    "--exhibit-ref", "JB/1"])
            let later = try bed.addOne(try bed.write("in/later.txt", "later"))
            let never = try bed.addOne(try bed.write("in/never.txt", "never"))
            try bed.ok(["retention", "set", later, "--review", "2021-06-01"])
            try bed.ok(["retention", "set", "CR-1", "--review", "2022-01-01"])
            #expect(try bed.listed(early)?["reviewDate"] as? String == "2020-01-01")

            func due(_ asOf: String) throws -> [[String: Any]] {
                try bed.ok(["retention", "due", "--as-of", asOf, "--json"]).jsonLines()
            }
            #expect(try due("2019-12-31").isEmpty)
            #expect(try bed.ok(["retention", "due", "--as-of", "2019-12-31"]).err.contains("Nothing is due"))
            #expect(try due("2020-01-01").compactMap { $0["item"] as? String } == [early])
            let all = try due("2022-01-01")
            #expect(all.count == 3, "\(all)")
            #expect(all.contains { $0["item"] is NSNull && $0["caseReference"] as? String == "CR-1" }, "the case's own review: \(all)")
            #expect(!all.contains { $0["item"] as? String == never })
            #expect(try bed.ok(["retention", "due", "--as-of", "2020-01-01"]).out.contains("JB/1"))

            // Retain until a later review: no longer due; dispose: listed as awaiting disposal.
            try bed.ok(["retention", "review", early, "--decision", "retain", "--next-review", "2030-01-01",
                        "--reason", "appeal window"], environment: bed.env("exo"))
            try bed.ok(["retention", "review", later, "--decision", "dispose", "--reason", "no longer needed"],
                       environment: bed.env("exo"))
            let now = try due("2025-01-01")
            #expect(!now.contains { $0["item"] as? String == early }, "\(now)")
            #expect(now.contains { $0["item"] as? String == later && $0["decision"] as? String == "dispose" }, "\(now)")
            let log = try bed.ok(["log", "--item", early]).out
            #expect(log.contains("reviewed the retention of item \(early): retain, next review 2030-01-01"), "\(log)")
            // Disposed of: off the list.
            try bed.dispose(later)
            #expect(!(try due("2025-01-01")).contains { $0["item"] as? String == later })
            try bed.ok(["retention", "set", "CR-1", "--clear"])
            #expect(!(try due("2025-01-01")).contains { $0["item"] is NSNull })
            try bed.verifyIntact()
            try bed.ok(["rebuild"])
            try bed.verifyIntact()
        }
    }

    @Test("retention bad input: 64 for dates, decisions and options; 66 unseen; 77 without the action")
    func retentionRefusals() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            try bed.addUser("olly", roles: ["investigator"], clearance: "SC")
            try bed.addUser("pat", roles: ["prosecutor"], clearance: "SC")
            try bed.ok(["case", "grant", "CR-1", "pat", "--role", "prosecutor"])
            let item = try bed.addOne(try bed.write("in/a.txt", "a"))
            let entries = try bed.ledgerEntryCount()
            try bed.fails(64, ["add", "--case", "CR-1", "--review-date", "soon", try bed.write("in/b.txt", "b")])
            try bed.fails(64, ["retention", "set", item])
            try bed.fails(64, ["retention", "set", item, "--review", "2030-01-01", "--clear"])
            try bed.fails(64, ["retention", "set", item, "--review", "2030-13-01"])
            try bed.fails(64, ["retention", "due", "--as-of", "tomorrow"])
            try bed.fails(64, ["retention", "review", item, "--decision", "shred", "--reason", "x"], environment: bed.env("exo"))
            try bed.fails(64, ["retention", "review", item, "--decision", "dispose", "--next-review", "2030-01-01",
                               "--reason", "x"], environment: bed.env("exo"))
            try bed.fails(64, ["retention", "review", item, "--decision", "retain"], environment: bed.env("exo", ["EVIDENCE_REASON": nil]))
            try bed.usageError(["retention", "review", item])
            #expect(try bed.ledgerEntryCount() == entries, "bad input records nothing")
            try bed.refused(66, as: "olly", ["retention", "set", item, "--review", "2030-01-01"])
            try bed.refused(66, as: "olly", ["retention", "due", "--case", "CR-1"])
            try bed.refused(77, as: "pat", ["retention", "set", item, "--review", "2030-01-01"])
            try bed.refused(77, as: "officer", ["retention", "review", item, "--decision", "retain", "--reason", "x"])
            #expect(try bed.events("retention.set").isEmpty && (try bed.events("retention.reviewed")).isEmpty)
        }
    }
}
