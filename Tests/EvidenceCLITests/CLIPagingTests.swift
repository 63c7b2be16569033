import Foundation
import Testing

/// `list` and `log` by the page: `--limit N` rows after `--after` (an item for `list`, a
/// sequence number for `log`). Pages laid end to end are the whole listing, in the same order.
@Suite struct CLIPagingTests {
    private func ids(_ result: RunResult) throws -> [String] {
        try result.jsonLines().compactMap { $0["id"] as? String }
    }

    private func seqs(_ result: RunResult) throws -> [Int] {
        try result.jsonLines().compactMap { $0["seq"] as? Int }
    }

    @Test("list --limit/--after: pages end to end give the whole list; a bad limit is 64, an unknown item 66")
    func listPages() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            for index in 0..<7 { try bed.write("in/file\(index).txt", "file number \(index)\n") }
            #expect(try bed.add([bed.path("in")]).count == 7)
            let whole = try bed.itemIDs()
            #expect(whole.count == 7)

            var paged: [String] = []
            var after: [String] = []
            while true {
                let page = try ids(try bed.ok(["list", "--json", "--limit", "3"] + after))
                #expect(page.count <= 3)
                guard let last = page.last else { break }
                paged += page
                after = ["--after", last]
            }
            #expect(paged == whole)
            #expect(try ids(try bed.ok(["list", "--json", "--case", "CR-1", "--limit", "2", "--after", whole[4]])) == Array(whole[5...6]))
            #expect(try bed.ok(["list", "--after", whole[6]]).stdout.isEmpty)

            try bed.usageError(["list", "--limit", "0"])
            let unknown = try bed.fails(66, ["list", "--after", "itm_01HZZZZZZZZZZZZZZZZZZZZZZZ"])
            #expect(unknown.err.contains("No item itm_01HZZZZZZZZZZZZZZZZZZZZZZZ exists"), "\(unknown)")
        }
    }

    @Test("log --limit/--after: pages end to end give the whole log, with --case and --type applied before the page")
    func logPages() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            for index in 0..<4 { try bed.addOne(try bed.write("in/file\(index).txt", "file number \(index)\n")) }
            let whole = try seqs(try bed.ok(["log", "--json"]))
            #expect(whole.count > 8)

            var paged: [Int] = []
            var after: [String] = []
            while true {
                let page = try seqs(try bed.ok(["log", "--json", "--limit", "5"] + after))
                guard let last = page.last else { break }
                paged += page
                after = ["--after", String(last)]
            }
            #expect(paged == whole)

            let added = try seqs(try bed.ok(["log", "--json", "--case", "CR-1", "--type", "item.added"]))
            #expect(added.count == 4)
            #expect(try seqs(try bed.ok(["log", "--json", "--case", "CR-1", "--type", "item.added", "--limit", "2"])) == Array(added[0..<2]))
            #expect(try seqs(try bed.ok(["log", "--json", "--type", "item.added", "--after", String(added[1]), "--limit", "5"])) == Array(added[2...]))

            try bed.usageError(["log", "--limit", "0"])
        }
    }
}
