import Foundation
import Testing

/// `evidence disclosure searches`: the search record of a case, read back from the ledger, as
/// text, JSON, CSV and HTML, and run again with `--rerun`.
@Suite("CLI: disclosure search record")
struct CLIDisclosureSearchesTests {
    @Test("every search on the case is listed with who, query, filters and hits; CSV and HTML are safe; --rerun shows hits now")
    func searchRecord() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            let window = try total(bed.search("window", ["--case", "CR-1"]))
            #expect(window > 0)
            let hostile = "=HYPERLINK(\"http://x\") <script>alert(1)</script>"
            _ = try bed.search(hostile, ["--case", "CR-1", "--any", "--kind", "statement"])

            let records = try bed.ok(["disclosure", "searches", "--case", "CR-1", "--json"]).jsonLines()
            #expect(records.count == 2, "\(records)")
            let first = try #require(records.first)
            #expect(first["query"] as? String == "window")
            #expect((first["hits"] as? Int) == window)
            #expect(first["userName"] as? String == "officer")
            #expect(first["casesSearched"] as? [String] == ["CR-1"])
            #expect(first["wordOperator"] as? String == "and")
            let second = try #require(records.last)
            #expect(second["query"] as? String == hostile)
            #expect(second["kinds"] as? [String] == ["statement"])
            #expect(second["wordOperator"] as? String == "or")

            let text = try bed.ok(["disclosure", "searches", "--case", "CR-1"]).out
            #expect(text.contains("\"window\"  \(window) hit"), "\(text)")
            #expect(text.contains("2 searches recorded on case CR-1."))

            let csv = try bed.ok(["disclosure", "searches", "--case", "CR-1", "--format", "csv"]).out
            let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 3, "\(csv)")
            #expect(lines[0].hasPrefix("Ledger entry,Time (UTC),User,Query,"))
            // A query that a spreadsheet would run as a formula is kept as text.
            #expect(lines[2].contains("\"'=HYPERLINK(\"\"http://x\"\") <script>alert(1)</script>\""), "\(lines[2])")

            let html = try bed.ok(["disclosure", "searches", "--case", "CR-1", "--format", "html"]).out
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script"))

            // Material added later: the same search finds more now than it did then.
            try bed.add([try bed.write("in/later.txt", "The rear window was forced with a crowbar.")])
            let searchesBefore = try bed.events("search.run").count
            let rerun = try bed.ok(["disclosure", "searches", "--case", "CR-1", "--rerun", "--json"]).jsonLines()
            #expect(rerun.count == 2)
            #expect((rerun[0]["hitsNow"] as? Int) == window + 1, "\(rerun[0])")
            #expect((rerun[0]["hits"] as? Int) == window)
            #expect(rerun[1]["hitsNow"] as? Int != nil, "\(rerun[1])")
            // The re-runs are searches: recorded like any other.
            #expect(try bed.events("search.run").count == searchesBefore + 2)
            let afterwards = try bed.ok(["disclosure", "searches", "--case", "CR-1", "--json"]).jsonLines()
            #expect(afterwards.count == 4)
            #expect(afterwards[2]["query"] as? String == "window")
            #expect(afterwards[2]["casesSearched"] as? [String] == ["CR-1"])
        }
    }

    @Test("a case the user may not see is reported as missing (66); a bad format is a usage error (64)")
    func refusals() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            try bed.addUser("nina", roles: ["investigator"], clearance: "SC")
            let hidden = try bed.fails(66, ["disclosure", "searches", "--case", "CR-1"], environment: bed.env("nina"))
            let missing = try bed.fails(66, ["disclosure", "searches", "--case", "CR-9"], environment: bed.env("nina"))
            #expect(hidden.err.replacingOccurrences(of: "CR-1", with: "CR-9") == missing.err)
            try bed.usageError(["disclosure", "searches", "--case", "CR-1", "--format", "pdf"])
            try bed.verifyIntact()
        }
    }
}
