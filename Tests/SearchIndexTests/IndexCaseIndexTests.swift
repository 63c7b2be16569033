import Foundation
import Testing
@testable import SearchIndex

@Suite struct IndexCaseIndexTests {
    func doc(_ id: String, _ text: String, classification: String = "OFFICIAL", sensitive: Bool = false,
             title: String? = nil) -> IndexDocument {
        IndexDocument(itemID: id, caseID: "c1", caseReference: "OP-TEST", kind: "document",
                      classification: classification, sensitive: sensitive, sha256: "00", date: 1_700_000_000_000,
                      title: title, text: text)
    }

    func search(_ query: String, _ indexes: [String: String], classifications: Set<String> = ["OFFICIAL"],
                spelling: Bool = false) throws -> SearchResult {
        var request = SearchRequest(query: query, caseIDs: ["c1"], classifications: classifications, limit: 100)
        request.wantSpelling = spelling
        return try Searcher().search(request, indexes: indexes)
    }

    @Test func replaceAndRemove() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let indexes = ["c1": path]
        let index = try CaseIndex.open(path: path)
        try index.index(doc("x1", "the suspect wore a balaclava"))
        try index.index(doc("x2", "a balaclava was found in the bin"))
        try index.commit()
        #expect(try index.documentCount == 2)
        #expect(IndexCorpus.ids(try search("balaclava", indexes)) == ["x1", "x2"])

        // Indexing the same item again replaces it.
        try index.index(doc("x1", "the suspect wore a hoodie"))
        try index.commit()
        #expect(try index.documentCount == 2)
        #expect(IndexCorpus.ids(try search("balaclava", indexes)) == ["x2"])
        #expect(IndexCorpus.ids(try search("hoodie", indexes)) == ["x1"])
        // The old words are gone from the spelling data as well.
        #expect(try search("balaklava", indexes, spelling: true).spellingSuggestion == "balaclava")
        try index.remove(itemID: "x2")
        try index.commit()
        #expect(try index.documentCount == 1)
        #expect(try index.itemIDs() == ["x1"])
        #expect(try search("balaclava", indexes).hits.isEmpty)
        #expect(try search("balaklava", indexes, spelling: true).spellingSuggestion == nil)
        #expect(try search("hoodi", indexes, spelling: true).spellingSuggestion == "hoodie")
        // Removing what is not there is fine.
        try index.remove(itemID: "nope")
        try index.commit()
        try index.close()
    }

    @Test func reclassifiedItemMovesBetweenVisibilityShards() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let indexes = ["c1": path]
        let index = try CaseIndex.open(path: path)
        try index.index(doc("x1", "informant meeting at the quay"))
        try index.commit()
        #expect(IndexCorpus.ids(try search("quay", indexes)) == ["x1"])
        try index.index(doc("x1", "informant meeting at the quay", classification: "SECRET"))
        try index.commit()
        #expect(try search("quay", indexes).hits.isEmpty)
        #expect(try search("quai", indexes, spelling: true).spellingSuggestion == nil)
        #expect(IndexCorpus.ids(try search("quay", indexes, classifications: ["OFFICIAL", "SECRET"])) == ["x1"])
        #expect(try index.itemIDs() == ["x1"])
        #expect(try index.documentCount == 1)
        try index.index(doc("x1", "informant meeting at the quay", classification: "SECRET", sensitive: true))
        try index.commit()
        #expect(try search("quay", indexes, classifications: ["OFFICIAL", "SECRET"]).hits.isEmpty)
        #expect(try index.documentCount == 1)
        try index.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/shards").sorted()
                == ["official", "secret", "secret.sensitive"])
    }

    @Test func watermarkRoundTrip() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        do {
            let index = try CaseIndex.open(path: path)
            #expect(index.watermark == nil)
            #expect(try CaseIndex.committedWatermark(path: path) == nil)
            try index.index(doc("x1", "first"))
            index.watermark = 41
            #expect(index.watermark == 41)
            #expect(try CaseIndex.committedWatermark(path: path) == nil)  // staged only
            try index.commit()
            #expect(try CaseIndex.committedWatermark(path: path) == 41)
            index.watermark = 42
            try index.close()  // without commit: the new watermark is not recorded
        }
        do {
            let index = try CaseIndex.open(path: path)
            #expect(index.watermark == 41)
            index.watermark = 43
            try index.commit()
            try index.close()
        }
        let reopened = try CaseIndex.open(path: path)
        #expect(reopened.watermark == 43)
        #expect(try reopened.itemIDs() == ["x1"])
        #expect(try CaseIndex.committedWatermark(path: fixture.path("none")) == nil)
    }

    @Test func batchesFlushEveryThreshold() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let index = try CaseIndex.open(path: path)
        index.flushThreshold = 30
        let docs = (0..<75).map { doc("x\($0)", "document number \($0) about parcel \($0 % 3)") }
        try index.index(contentsOf: docs)  // pipelined (more than CaseIndex.pipelineMinimum)
        #expect(index.stagedChanges == 15)
        // Flushed changes are visible to readers before commit; the watermark is not recorded.
        index.watermark = 75
        let early = try Searcher().search(SearchRequest(query: "document", caseIDs: ["c1"], exactTotal: true),
                                          indexes: ["c1": path])
        #expect(early.total.exact == 60)
        #expect(try CaseIndex.committedWatermark(path: path) == nil)
        try index.commit()
        #expect(index.stagedChanges == 0)
        #expect(try CaseIndex.committedWatermark(path: path) == 75)
        #expect(try index.documentCount == 75)
        #expect(try index.itemIDs().count == 75)
    }

    /// The spelling data of a shard as committed: word → frequency.
    func committedSpelling(_ path: String, shard: String = "official") throws -> [String: Int] {
        let reader = try XDatabase(readOnly: path + "/shards/" + shard)
        return Dictionary(uniqueKeysWithValues: try reader.allSpellings().map { ($0.term, $0.frequency) })
    }

    func committedSpellingMark(_ path: String, shard: String = "official") throws -> String {
        try XDatabase(readOnly: path + "/shards/" + shard).metadata(CaseIndex.spellingKey)
    }

    @Test func spellingChangesWaitForTheCommitAndTheShardIsMarkedMeanwhile() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let index = try CaseIndex.open(path: path)
        index.flushThreshold = 30
        let docs = (0..<75).map { doc("x\($0)", "parcel delivered to warehouse number \($0 % 3) by courier") }
        try index.index(contentsOf: docs)
        // Sixty documents are committed, their words are not yet, and the shard says so.
        #expect(try XDatabase(readOnly: path + "/shards/official").documentCount == 60)
        #expect(try committedSpelling(path).isEmpty)
        #expect(try committedSpellingMark(path) == "pending")
        try index.commit()
        #expect(try committedSpellingMark(path) == "")
        let spelling = try committedSpelling(path)
        #expect(spelling["parcel"] == 75)
        #expect(spelling["courier"] == 75)
        #expect(spelling["number"] == 75)
        // Numbers are not words to suggest.
        #expect(spelling["0"] == nil)
        try index.close()
    }

    @Test func aShardLeftMarkedByACrashGetsItsSpellingRebuiltOnOpen() throws {
        let fixture = try IndexFixture()
        var docs = (0..<50).map { doc("x\($0)", "statement of witness \($0 % 5) about the burglary at the warehouse") }
        docs += (0..<5).map { doc("s\($0)", "sensitive informant report", sensitive: true) }
        let clean = try #require(try fixture.build(docs, set: "clean")["c1"])
        let crashed = try #require(try fixture.build(docs, set: "crashed")["c1"])
        let expected = try committedSpelling(clean)
        #expect(expected["burglary"] == 50)
        #expect(try committedSpelling(clean, shard: "official.sensitive")["informant"] == 5)

        // As a crash after a flush leaves it: documents whose words never reached the spelling
        // data, some words counted from documents since replaced, and the mark.
        let shard = try XWritable(path: crashed + "/shards/official")
        try shard.removeSpelling("burglary", 30)
        try shard.removeSpelling("witness", 50)
        try shard.addSpelling("replaced", 7)
        try shard.setMetadata(CaseIndex.spellingKey, "pending")
        try shard.commit()
        try shard.close()
        #expect(try committedSpelling(crashed) != expected)

        let reopened = try CaseIndex.open(path: crashed)
        #expect(try committedSpelling(crashed) == expected)
        #expect(try committedSpellingMark(crashed) == "")
        // The other shard was not marked and is as it was.
        #expect(try committedSpelling(crashed, shard: "official.sensitive")["informant"] == 5)
        // Later changes count from the rebuilt data.
        try reopened.index(doc("x0", "a different statement"))
        try reopened.commit()
        try reopened.close()
        let after = try committedSpelling(crashed)
        #expect(after["burglary"] == 49)
        #expect(after["different"] == 1)
    }

    @Test func pipelinedBatchKeepsOrderReplacesAndStopsAtABadItem() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let indexes = ["c1": path]
        let index = try CaseIndex.open(path: path)
        var docs = (0..<40).map { doc("x\($0)", "first version \($0) zanzibar") }
        // The same items again within the batch, later versions win, one moves to SECRET.
        docs += (0..<10).map { doc("x\($0)", "second version \($0) yokohama") }
        docs.append(doc("x39", "third version kyoto", classification: "SECRET"))
        docs.append(doc("", "an item without an id stops the batch"))
        docs.append(doc("after", "never indexed"))
        #expect(throws: IndexError.invalidDocument("An item id cannot be empty.")) { try index.index(contentsOf: docs) }
        try index.commit()
        #expect(try index.documentCount == 40)
        #expect(try index.itemIDs().count == 40)
        #expect(!(try index.itemIDs().contains("after")))
        #expect(try search("zanzibar", indexes).total.exact == 29)
        #expect(try search("yokohama", indexes).total.exact == 10)
        #expect(try search("kyoto", indexes, classifications: ["SECRET"]).total.exact == 1)
        #expect(try search("kyoto", indexes).hits.isEmpty)
        // The replaced words left the spelling data; the secret word is not offered.
        try index.index(contentsOf: (0..<40).map { doc("x\($0)", "final words") })
        try index.commit()
        #expect(try search("zanzibr", indexes, spelling: true).spellingSuggestion == nil)
        #expect(try search("kyot", indexes, spelling: true).spellingSuggestion == nil)
        #expect(try search("finl", indexes, spelling: true).spellingSuggestion == "final")
        #expect(try index.documentCount == 40)
    }

    @Test func oneWriterAtATime() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let index = try CaseIndex.open(path: path)
        #expect(throws: IndexError.busy(path: path)) { try CaseIndex.open(path: path) }
        // Readers are not blocked.
        try index.index(doc("x1", "words"))
        try index.commit()
        #expect(IndexCorpus.ids(try search("words", ["c1": path])) == ["x1"])
        try index.close()
        _ = try CaseIndex.open(path: path)
    }

    @Test func destroy() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let index = try CaseIndex.open(path: path)
        try index.index(doc("x1", "words"))
        try index.commit()
        try index.close()
        try CaseIndex.destroy(path: path)
        #expect(!FileManager.default.fileExists(atPath: path))
        try CaseIndex.destroy(path: path)  // already gone: fine
        // A folder that is not an index is left alone.
        let other = fixture.root + "/not-an-index"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: other + "/notes.txt"))
        #expect(throws: IndexError.self) { try CaseIndex.destroy(path: other) }
        #expect(FileManager.default.fileExists(atPath: other + "/notes.txt"))
    }

    @Test func awkwardDocuments() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let index = try CaseIndex.open(path: path)
        let longName = String(repeating: "very long file name ", count: 20) + ".txt"
        var d = doc("x1", "")
        d.fileName = longName
        d.exhibitRef = "  AB / 12  "
        d.officer = "   "
        d.text = "marker \u{E000}private\u{E001} use"
        d.fields = ["author": "Ursula Quince"]
        try index.index(d)
        #expect(throws: IndexError.self) { try index.index(doc("", "no id")) }
        #expect(throws: IndexError.self) { try index.index(doc(String(repeating: "x", count: 300), "long id")) }
        try index.commit()
        let indexes = ["c1": path]
        #expect(IndexCorpus.ids(try search("file:\"\(longName)\"", indexes)) == ["x1"])
        #expect(IndexCorpus.ids(try search("ref:\"ab / 12\"", indexes)) == ["x1"])
        #expect(IndexCorpus.ids(try search("quince", indexes)) == ["x1"])
        let hit = try #require(try search("marker", indexes).hits.first)
        #expect(hit.snippet.text == "marker private use")
        #expect(hit.officer == nil)
    }

    @Test func oneSearcherSeesCommitsAndRebuilds() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        let indexes = ["c1": path]
        let searcher = Searcher()
        let request = SearchRequest(query: "parcel", caseIDs: ["c1"], exactTotal: true)
        var index: CaseIndex? = try CaseIndex.open(path: path)
        try index?.index(doc("x1", "a parcel"))
        try index?.commit()
        #expect(try searcher.search(request, indexes: indexes).total.exact == 1)
        try index?.index(doc("x2", "another parcel"))
        try index?.commit()
        #expect(try searcher.search(request, indexes: indexes).total.exact == 2)
        try index?.close()
        index = nil
        // Deleted and built again at the same path: the cached database is not reused.
        try CaseIndex.destroy(path: path)
        let rebuilt = try CaseIndex.open(path: path)
        try rebuilt.index(doc("y1", "a different parcel"))
        try rebuilt.commit()
        let result = try searcher.search(request, indexes: indexes)
        #expect(result.hits.map(\.itemID) == ["y1"])
    }

    @Test func concurrentSearchesShareOneSearcher() throws {
        let fixture = try IndexFixture()
        let indexes = try fixture.build(try IndexCorpus.documents())
        let searcher = Searcher()
        let queries = ["jewellery", "warehouse", "burg*", "\"breaking glass\"", "kind:exhibit", "2024-01-01..2024-03-31"]
        let expected = try queries.map { try searcher.search(IndexCorpus.request($0), indexes: indexes) }
        let failures = IndexFailures()
        DispatchQueue.concurrentPerform(iterations: 48) { i in
            let q = i % queries.count
            do {
                var request = IndexCorpus.request(queries[q])
                request.wantFacets = i % 2 == 0
                var result = try searcher.search(request, indexes: indexes)
                result.facets = nil
                if result != expected[q] { failures.add("\(queries[q]) differs") }
            } catch {
                failures.add("\(queries[q]): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
    }

    @Test func utcDaysAndMonths() {
        #expect(IndexSchema.day(0) == ("19700101", "1970-01"))
        #expect(IndexSchema.day(1_709_251_199_999) == ("20240229", "2024-02"))  // 2024-02-29T23:59:59.999Z
        #expect(IndexSchema.day(1_709_251_200_000) == ("20240301", "2024-03"))
        #expect(IndexSchema.day(-1) == ("19691231", "1969-12"))
        #expect(IndexSchema.day(951_782_400_000) == ("20000229", "2000-02"))
    }
}

final class IndexFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}

@Suite struct IndexContentsTests {
    @Test func indexedItemsReportExtractionAndShardWhileAWriterHoldsTheLock() throws {
        let fixture = try IndexFixture()
        let path = fixture.path("c1")
        #expect(try CaseIndex.indexedItems(path: path).isEmpty)
        let index = try CaseIndex.open(path: path)
        try index.index(IndexDocument(itemID: "scan", caseID: "c1", caseReference: "OP-TEST", kind: "document",
                                      sha256: "00", date: 0, extraction: .noTextLayer))
        try index.index(IndexDocument(itemID: "broken", caseID: "c1", caseReference: "OP-TEST", kind: "document",
                                      classification: "SECRET", sensitive: true, sha256: "01", date: 0,
                                      text: "part of it", extraction: .partial,
                                      extractionReason: "The PDF is damaged after page 2."))
        try index.commit()
        // The writer still holds its lock: reading goes on regardless.
        let items = try CaseIndex.indexedItems(path: path)
        #expect(Set(items.keys) == ["scan", "broken"])
        #expect(items["scan"]?.extraction == "no-text-layer")
        #expect(items["scan"]?.shard == CaseIndex.shardName(classification: "OFFICIAL", sensitive: false))
        #expect(items["broken"]?.extraction == "partial")
        #expect(items["broken"]?.extractionReason == "The PDF is damaged after page 2.")
        #expect(items["broken"]?.shard == CaseIndex.shardName(classification: "secret", sensitive: true))
        #expect(items["broken"]?.sensitive == true)

        // extraction: filters, and hits carry the outcome.
        let request = SearchRequest(query: "extraction:no-text-layer OR extraction:partial", caseIDs: ["c1"],
                                    classifications: ["OFFICIAL", "SECRET"], includeSensitive: true)
        let result = try Searcher().search(request, indexes: ["c1": path])
        #expect(Set(result.hits.map(\.itemID)) == ["scan", "broken"])
        #expect(result.hits.first { $0.itemID == "broken" }?.extractionReason == "The PDF is damaged after page 2.")
        try index.close()
    }
}
