import Foundation
@testable import SearchIndex
import Testing

/// The index as a projection of the ledger: parts of emails and mailboxes as items, extraction
/// failures that never fail an add, catching up after `--no-index`, saying when the index lags,
/// and `verify` and `reindex` on an index that drifted from the ledger.
@Suite("CLI: search index")
struct CLISearchIndexTests {
    @Test("an email's attachment and each message of a mailbox become items linked to their parent, once")
    func partsBecomeItems() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let added = try bed.add([SearchFixtures.email, try bed.mailbox()])
            #expect(added.count == 2, "add reports the files it was given: \(added)")
            let items = try bed.listItems()
            let byName = Dictionary(items.compactMap { item in (item["name"] as? String).map { ($0, item) } },
                                    uniquingKeysWith: { first, _ in first })
            let mailbox = try #require(byName["complex.mbox"]?["id"] as? String)
            let email = try #require(byName[(SearchFixtures.email as NSString).lastPathComponent]?["id"] as? String)
            let messages = items.filter { ($0["name"] as? String)?.hasPrefix("message ") == true }
            #expect(messages.count == 3, "the mailbox holds three messages: \(items)")
            let csv = try #require(byName["stolen-property-27-Wrenfield-Rd.csv"], "the attachment is an item: \(items)")
            #expect(items.count == 6)

            let attachment = try bed.ok(["show", try #require(csv["id"] as? String), "--json"]).json()
            #expect(attachment["parent"] as? String == email && attachment["part"] != nil, "\(attachment)")
            let parent = try bed.ok(["show", mailbox, "--json"]).json()
            let parts = parent["parts"] as? [String] ?? []
            #expect(Set(parts) == Set(messages.compactMap { $0["id"] as? String }), "\(parent)")
            #expect(try bed.ok(["show", mailbox]).out.contains("Parts recorded as items of their own"))
            #expect(try bed.events("item.derived").count == 4)

            // The attachment's bytes are exactly what the email carried.
            let csvBytes = try bed.get(try #require(csv["id"] as? String))
            #expect(String(decoding: csvBytes, as: UTF8.self).hasPrefix("Item,Category,Description"))
            #expect(try sha256Hex(csvBytes) == csv["sha256"] as? String)

            // The mailbox's messages are searchable by their words.
            let shuffle = try bed.search("\"when a mapper completes\"")
            #expect(total(shuffle) >= 1 && hitNames(shuffle).allSatisfy { $0.hasPrefix("message ") }, "\(shuffle)")

            // Reindexing (and adding the mailbox again) records no part twice.
            try bed.ok(["reindex"])
            #expect(try bed.listItems().count == 6)
            try bed.add([try bed.mailbox()])
            let after = try bed.listItems()
            #expect(after.count == 7 + 3, "a second copy of the mailbox is a new item with its own parts: \(after.count)")
            try bed.ok(["reindex", "--case", "CR-1"])
            #expect(try bed.listItems().count == after.count)
            #expect(try bed.events("item.derived").count == 7)
            try bed.verifyIntact()
        }
    }

    @Test("a file that hangs or crashes the extractor never fails the add; the report names it with the reason")
    func extractionFaults() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let faults: [String: String?] = ["EVIDENCE_EXTRACT_TEST_FAULTS": "1", "EVIDENCE_EXTRACT_TIMEOUT": "5"]
            let files = [try bed.write("in/hang.txt", "EVIDENCE-TEST-HANG and then hangword\n"),
                         try bed.write("in/crash.txt", "EVIDENCE-TEST-CRASH and then crashword\n"),
                         try bed.write("in/calm.txt", "after the storm, calmword\n")]
            let started = Date()
            let added = try bed.ok(["add", "--case", "CR-1", "--json"] + files, environment: faults)
            #expect(try added.jsonLines().count == 3)
            #expect(Date().timeIntervalSince(started) < 60, "a hanging extraction must be cut off")
            #expect(try bed.listItems().count == 3)

            // The extractor was restarted after each fault: the calm file was extracted.
            #expect(hitNames(try bed.search("calmword")) == ["calm.txt"])
            #expect(try total(bed.search("hangword")) == 0 && total(bed.search("crashword")) == 0)
            // Failed files are still found by their metadata.
            let hang = try bed.search("name:hang.txt")
            #expect(hitNames(hang) == ["hang.txt"])
            let hit = try #require((hang["hits"] as? [[String: Any]])?.first)
            #expect(hit["extraction"] as? String == "failed")
            #expect((hit["extractionReason"] as? String)?.contains("did not finish within 5 seconds") == true, "\(hit)")

            let report = try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines()
            let outcomes = Dictionary(report.compactMap { line in (line["name"] as? String).map { ($0, line) } },
                                      uniquingKeysWith: { first, _ in first })
            #expect(outcomes["hang.txt"]?["outcome"] as? String == "failed")
            #expect((outcomes["crash.txt"]?["reason"] as? String)?.contains("crashed") == true, "\(report)")
            #expect(outcomes["calm.txt"] == nil, "the report lists what did not extract cleanly: \(report)")
            let text = try bed.ok(["extraction-report", "--case", "CR-1"]).out
            #expect(text.contains("hang.txt") && text.contains("2 failed"), "\(text)")
            let crashID = try #require(outcomes["crash.txt"]?["id"] as? String)
            #expect(try bed.ok(["show", crashID]).out.contains("Text extraction    failed: the extractor crashed"))

            // Nothing committed was lost: the bytes are intact and verify passes.
            #expect(try bed.get(crashID) == Data("EVIDENCE-TEST-CRASH and then crashword\n".utf8))
            try bed.verifyIntact()
        }
    }

    @Test("after add --no-index the next search catches up; a search says when the index lags the ledger")
    func catchUpAndLag() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let first = try bed.addOne(try bed.write("in/a.txt", "the getaway car was a blue estate\n"), extra: ["--no-index"])
            #expect(try bed.ok(["show", first]).out.contains("not yet indexed on this host"))
            let found = try bed.search("getaway")
            #expect(hitIDs(found) == [first])
            #expect((found["cases"] as? [[String: Any]])?.first?["indexCurrent"] as? Bool == true, "\(found)")

            // Another process holds the index (as a long reindex would): the search answers
            // from what is committed, and says how far behind it is.
            let folder = try bed.indexFolder(caseID: try bed.caseID("CR-1"))
            var holder: CaseIndex? = try CaseIndex.open(path: folder)
            let second = try bed.addOne(try bed.write("in/b.txt", "a second getaway vehicle\n"))
            let lagging = try bed.run(["search", "getaway", "--json"])
            #expect(lagging.status == 0, "\(lagging)")
            #expect(lagging.err.contains("behind the ledger"), "\(lagging)")
            let answer = try lagging.json()
            #expect(hitIDs(answer) == [first], "\(answer)")
            let state = try #require((answer["cases"] as? [[String: Any]])?.first)
            #expect(state["indexCurrent"] as? Bool == false && (state["pendingEvents"] as? Int ?? 0) >= 1, "\(state)")
            let record = try #require(try bed.events("search.run").last?["details"] as? [String: Any])
            #expect((record["pendingEvents"] as? Int ?? 0) >= 1, "the record says the index lagged: \(record)")
            try holder?.close()
            holder = nil

            let caughtUp = try bed.run(["search", "getaway", "--json"])
            #expect(caughtUp.status == 0 && !caughtUp.err.contains("behind"), "\(caughtUp)")
            #expect(Set(hitIDs(try caughtUp.json())) == [first, second])
        }
    }

    @Test("verify finds an index that lost an item, naming it and the repair; reindex gives identical results")
    func verifyAndReindex() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            let queries = ["window", "\"double-glazed unit\"", "kind:email", "burg*", "windoe", ""]
            let before = try queries.map { searchFigures(try bed.search($0, ["--limit", "500"])) }
            try bed.verifyIntact()

            let victim = try #require(try bed.listItems().first { $0["name"] as? String == "MG11_01_Helen-MARSH_victim.txt" })
            let victimID = try #require(victim["id"] as? String)
            let folder = try bed.indexFolder(caseID: try bed.caseID("CR-1"))
            let index = try CaseIndex.open(path: folder)
            try index.remove(itemID: victimID)
            try index.commit()
            try index.close()

            let broken = try bed.verifyFails()
            let report = broken.out + broken.err
            #expect(report.contains("lacks item \(victimID)") && report.contains("evidence reindex --case CR-1"), "\(broken)")
            #expect(!hitIDs(try bed.search("window")).contains(victimID))

            let reindexed = try bed.ok(["reindex", "--case", "CR-1"])
            #expect(reindexed.out.contains("CR-1"), "\(reindexed)")
            try bed.verifyIntact()
            let after = try queries.map { searchFigures(try bed.search($0, ["--limit", "500"])) }
            #expect(after == before, "reindex must give identical results")

            // Deleting the index folder outright: the next search rebuilds it, again identically.
            try FileManager.default.removeItem(atPath: folder)
            #expect(try queries.map { searchFigures(try bed.search($0, ["--limit", "500"])) } == before)
            try bed.verifyIntact()
        }
    }

    @Test("an interrupted catch-up (documents flushed, watermark not yet moved) passes verify; a planted document does not")
    func interruptedCatchUpAndPlantedDocument() throws {
        try CLITestbed.run { bed in
            let caseID = try bed.repositoryWithCase("CR-1")
            try bed.addOne(try bed.write("in/a.txt", "first statement\n"))
            let later = try bed.addOne(try bed.write("in/b.txt", "second statement\n"), extra: ["--no-index"])
            let folder = try bed.indexFolder(caseID: caseID)
            let watermark = try CaseIndex.committedWatermark(path: folder)

            // As a catch-up killed after a flush: the later item's document is in, the watermark is not moved.
            let sha = try #require(try bed.listItems().first { $0["id"] as? String == later }?["sha256"] as? String)
            let index = try CaseIndex.open(path: folder)
            try index.index(IndexDocument(itemID: later, caseID: caseID, caseReference: "CR-1", kind: "exhibit",
                                          fileName: "b.txt", mediaType: "text/plain", sha256: sha, date: 0,
                                          text: "second statement"))
            try index.close()
            #expect(try CaseIndex.committedWatermark(path: folder) == watermark)
            try bed.verifyIntact()

            // A document for an item the ledger never recorded in the case is named.
            let planted = "itm_01M8EPLANTEDPLANTEDPLANT0"
            let writer = try CaseIndex.open(path: folder)
            try writer.index(IndexDocument(itemID: planted, caseID: caseID, caseReference: "CR-1", kind: "exhibit",
                                           sha256: String(repeating: "0", count: 64), date: 0, text: "planted"))
            try writer.close()
            let broken = try bed.verifyFails()
            #expect((broken.out + broken.err).contains("holds item \(planted), which the ledger does not record"), "\(broken)")
            try bed.ok(["reindex", "--case", "CR-1"])
            try bed.verifyIntact()
            #expect(hitIDs(try bed.search("second")) == [later])
        }
    }

    @Test("an index written in an older format is rebuilt by the next search, with the same results")
    func olderFormatRebuilt() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            let before = try ["window", "kind:email", ""].map { searchFigures(try bed.search($0, ["--limit", "500"])) }
            let folder = try bed.indexFolder(caseID: try bed.caseID("CR-1"))
            let control = try XWritable(path: folder + "/control")
            try control.setMetadata("evidence:format", "1")
            try control.commit()
            try control.close()
            #expect(try CaseIndex.isOutdated(path: folder))
            let report = try bed.verifyIntact()
            #expect("\(report["notes"] ?? "")".contains("older format"), "\(report)")

            let after = try ["window", "kind:email", ""].map { searchFigures(try bed.search($0, ["--limit", "500"])) }
            #expect(after == before)
            #expect(try CaseIndex.isOutdated(path: folder) == false)
            try bed.verifyIntact()
        }
    }
}
