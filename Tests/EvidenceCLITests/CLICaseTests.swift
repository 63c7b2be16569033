import Foundation
import Testing

/// `evidence case create` and `evidence case list`.
@Suite("CLI: cases")
struct CLICaseTests {
    @Test("case create and case list, in text and JSON")
    func createAndList() throws {
        try CLITestbed.run { bed in
            try bed.initRepository()
            let text = try bed.ok(["case", "create", "CR-2026-0147", "--title", "Burglary at 14 Mill Lane"])
            #expect(text.out.hasPrefix("Created case CR-2026-0147 (case_"), "\(text)")
            let secret = try bed.ok(["case", "create", "CR-2026-0200", "--title", "Covert source",
                                     "--classification", "SECRET", "--json"]).json()
            #expect((secret["id"] as? String)?.hasPrefix("case_") == true)
            #expect(secret["reference"] as? String == "CR-2026-0200")
            #expect(secret["classification"] as? String == "SECRET")
            #expect(secret["title"] as? String == "Covert source")
            let createdAt = try #require(secret["createdAt"] as? String)
            #expect(createdAt.hasSuffix("Z"), "times are RFC 3339 UTC: \(createdAt)")

            let listed = try bed.ok(["case", "list", "--json"]).jsonLines()
            #expect(listed.compactMap { $0["reference"] as? String }.sorted() == ["CR-2026-0147", "CR-2026-0200"])
            let first = try #require(listed.first(where: { $0["reference"] as? String == "CR-2026-0147" }))
            #expect(first["classification"] as? String == "OFFICIAL", "OFFICIAL is the default")
            #expect(first["title"] as? String == "Burglary at 14 Mill Lane")
            let plain = try bed.ok(["case", "list"])
            #expect(plain.outLines.count == 2)
            #expect(plain.out.contains("CR-2026-0147") && plain.out.contains("Burglary at 14 Mill Lane"))
            // The case is found by reference and by id.
            let id = try #require(secret["id"] as? String)
            let file = try bed.write("in/a.txt", "statement")
            #expect(try bed.add([file], case: id).count == 1)
            #expect(try bed.add([file], case: "CR-2026-0200").count == 1)
            try bed.verifyIntact()
        }
    }

    @Test("a second case with the same reference, or a bad classification, is refused with 64")
    func refusals() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.fails(64, ["case", "create", "CR-1", "--title", "again"])
            let bad = try bed.fails(64, ["case", "create", "CR-3", "--title", "x", "--classification", "TOP-SECRET"])
            #expect(bad.err.contains("--classification"), "\(bad)")
            try bed.usageError(["case", "create", "CR-4"])  // no --title
            #expect(try bed.ok(["case", "list", "--json"]).jsonLines().count == 1)
            try bed.verifyIntact()
        }
    }

    @Test("adding to a case that does not exist exits 66 with the 'No case' sentence")
    func unknownCase() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let file = try bed.write("in/a.txt", "alpha")
            let result = try bed.fails(66, ["add", "--case", "CR-404", file])
            #expect(result.err.contains("No case CR-404 exists"), "\(result)")
            try bed.fails(66, ["list", "--case", "CR-404"])
            #expect(try bed.itemIDs().isEmpty)
        }
    }
}
