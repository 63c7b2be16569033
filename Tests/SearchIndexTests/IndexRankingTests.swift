import Foundation
import Testing
@testable import SearchIndex

/// Ranking must be what Xapian's BM25 gives the visible items' own words: neither the
/// prefixed copies of fields nor the visibility filter may change a score.
@Suite struct IndexRankingTests {
    func doc(_ id: String, _ text: String, title: String? = nil) -> IndexDocument {
        IndexDocument(itemID: id, caseID: "c1", caseReference: "OP-TEST", kind: "document", sha256: "00",
                      date: 1_700_000_000_000, title: title, text: text)
    }

    func search(_ query: String, _ indexes: [String: String], or: Bool = false) throws -> [String: Double] {
        let request = SearchRequest(query: query, caseIDs: ["c1"], limit: 100,
                                    defaultOperator: or ? .or : .and, wantSnippets: false)
        let hits = try Searcher().search(request, indexes: indexes).hits
        return Dictionary(uniqueKeysWithValues: hits.map { ($0.itemID, $0.score) })
    }

    /// A title is indexed as plain text and again under `title:`; the copy has wdf 0, so an
    /// item whose words come partly from its title is exactly as long (BM25's document
    /// length is the sum of the wdf) as one with the same words in its text alone.
    @Test func prefixedCopiesDoNotLengthenTheItem() throws {
        let fixture = try IndexFixture()
        let indexes = try fixture.build([
            doc("titled", "found near the bin", title: "Balaclava"),
            doc("plain", "balaclava found near the bin"),
            doc("other", "a hoodie was found in the car park"),
        ])
        let scores = try search("balaclava", indexes)
        let titled = try #require(scores["titled"])
        let plain = try #require(scores["plain"])
        #expect(abs(titled - plain) < 1e-9)
        // The copy still answers a field search.
        #expect(try search("title:balaclava", indexes).keys.sorted() == ["titled"])
        #expect(try search("title:\"balaclava\"", indexes).keys.sorted() == ["titled"])

        let shard = try XDatabase(readOnly: indexes["c1", default: ""] + "/shards/official")
        let document = try #require(try shard.firstDocument(withTerm: IndexSchema.Prefix.itemID + "titled"))
        let wdf = Dictionary(try document.terms().map { ($0.term, $0.wdf) }, uniquingKeysWith: +)
        #expect(wdf[IndexSchema.Prefix.title + "balaclava"] == 0)
        #expect(wdf["balaclava"] == 1)
    }

    /// Xapian 1.4.22's OP_FILTER with a filter of three or more terms (ours: case,
    /// classification, not sensitive) skipped the positional check of a phrase inside an
    /// OR query: here "properties of available" got the weight of "high temperature"
    /// although it has neither word (found on Cranfield: 41 of 225 queries ranked
    /// differently with the filter than without). The filter is now applied with weight 0,
    /// so the item scores exactly what its own words give it.
    @Test func visibilityFilterLeavesPhraseWeightsAlone() throws {
        let fixture = try IndexFixture()
        let indexes = try fixture.build([
            doc("empty", ""),
            doc("words", "properties of available"),
            doc("phrase-words", "temperature high of"),
        ])
        let withPhrase = try search("available properties of high-temperature", indexes, or: true)
        let withoutPhrase = try search("available properties of", indexes, or: true)
        let a = try #require(withPhrase["words"])
        let b = try #require(withoutPhrase["words"])
        #expect(abs(a - b) < 1e-9)
        // No item holds the phrase: the one with both words out of order gets their
        // weight as words only, and the filter hides nothing here.
        #expect(withPhrase.keys.sorted() == ["phrase-words", "words"])
    }
}
