import Foundation
import Testing

/// `evidence rebuild`: the catalog is a projection with identical answers after a rebuild.
@Suite("CLI: rebuild")
struct CLIRebuildTests {
    /// The answers the catalog gives: list, show of every item, log (all JSON), case list.
    private func answers(_ bed: CLITestbed) throws -> [String] {
        var result = [try bed.ok(["case", "list", "--json"]).out, try bed.ok(["list", "--json"]).out,
                      try bed.ok(["log", "--json"]).out]
        for id in try bed.itemIDs() {
            result.append(try bed.ok(["show", id, "--json"]).out)
            result.append(try bed.ok(["log", "--item", id, "--json"]).out)
        }
        return result
    }

    /// One answer without the per-host extraction fields that `show` reads from the search index.
    private func withoutExtraction(_ answer: String) -> String {
        answer.split(separator: "\n").map { line -> String in
            guard var object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                return String(line)
            }
            object["extraction"] = nil
            object["extractionReason"] = nil
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
                return String(line)
            }
            return String(decoding: data, as: UTF8.self)
        }.joined(separator: "\n")
    }

    private func removeCatalog(_ bed: CLITestbed) throws {
        let catalog = try bed.catalogPath()
        let directory = (catalog as NSString).deletingLastPathComponent
        for name in (try FileManager.default.contentsOfDirectory(atPath: directory)) where name.hasPrefix("catalog.sqlite") {
            try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
        #expect(!FileManager.default.fileExists(atPath: catalog))
    }

    @Test("list, show and log answer identically after the catalog is deleted and rebuilt")
    func rebuildIdentical() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.createCase("CR-2", title: "Second", extra: ["--classification", "SECRET"])
            let lines = try bed.add([try bed.write("in/f/a.txt", "alpha"), try bed.write("in/f/b.txt", "bravo"),
                                     try bed.write("in/f/c.txt", "alpha")],
                                    sourceLocation: #_sourceLocation)
            let first = try #require(lines.first?["id"] as? String)
            try bed.add(["--exhibit-ref", "X/1", "--sensitive", try bed.write("in/secret.doc", randomData(9000))], case: "CR-2")
            try bed.ok(["amend", first, "--description", "amended"])
            try bed.ok(["get", first, "-o", "-"])
            let before = try answers(bed)

            try removeCatalog(bed)
            let rebuilt = try bed.ok(["rebuild"])
            #expect(rebuilt.out.contains("Rebuilt the catalog"), "\(rebuilt)")
            #expect(try answers(bed) == before, "answers differ after rebuild")

            // Deleting the whole state folder: the next command catches up the catalog from the ledger
            // alone. The search index is in the state folder too, so until a search or reindex runs,
            // show reports extraction as not yet indexed on this host; nothing else may differ.
            try FileManager.default.removeItem(atPath: bed.state)
            let caughtUp = try answers(bed)
            #expect(caughtUp.map(withoutExtraction) == before.map(withoutExtraction),
                    "answers differ after the state folder was deleted")
            #expect(caughtUp.contains { $0.contains("not yet indexed on this host") })
            try bed.ok(["reindex"])
            #expect(try answers(bed) == before, "answers differ after reindex")
            try bed.ok(["rebuild"])
            #expect(try answers(bed) == before)
            try bed.verifyIntact()
        }
    }
}
