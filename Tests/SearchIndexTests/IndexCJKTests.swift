import Foundation
import Testing
@testable import SearchIndex

/// Chinese, Japanese and Korean text has no spaces between words: indexed as n-grams, a word
/// inside a sentence is found, and highlighted in the snippet.
@Suite struct IndexCJKTests {
    func doc(_ id: String, _ text: String) -> IndexDocument {
        IndexDocument(itemID: id, caseID: "c1", caseReference: "OP-CJK", kind: "document", classification: "OFFICIAL",
                      sensitive: false, sha256: "00", date: 1_700_000_000_000, text: text)
    }

    func search(_ query: String, _ indexes: [String: String]) throws -> SearchResult {
        var request = SearchRequest(query: query, caseIDs: ["c1"], classifications: ["OFFICIAL"], limit: 100)
        request.wantSnippets = true
        return try Searcher().search(request, indexes: indexes)
    }

    @Test func wordsInsideCJKSentencesAreFound() throws {
        let fixture = try IndexFixture()
        let indexes = try fixture.build([
            doc("zh", "警方在北京调查了这个案件。The suspect fled."),
            doc("ja", "証拠品は東京の倉庫で押収された"),
            doc("ko", "경찰은 서울에서 증거를 압수했다"),
            doc("en", "The warehouse in Tokyo was searched by the police."),
        ])
        #expect(IndexCorpus.ids(try search("北京", indexes)) == ["zh"])
        #expect(IndexCorpus.ids(try search("调查", indexes)) == ["zh"])
        #expect(IndexCorpus.ids(try search("倉庫", indexes)) == ["ja"])
        #expect(IndexCorpus.ids(try search("押収", indexes)) == ["ja"])
        // Hangul: a word with its particle attached (증거를) is found by the word alone.
        #expect(IndexCorpus.ids(try search("증거", indexes)) == ["ko"])
        // Mixed with English words and operators.
        #expect(IndexCorpus.ids(try search("北京 suspect", indexes)) == ["zh"])
        #expect(IndexCorpus.ids(try search("倉庫 OR warehouse", indexes)) == ["ja", "en"])
        // Characters that never stand together in any document do not match.
        #expect(try search("北倉", indexes).hits.isEmpty)
        #expect(IndexCorpus.ids(try search("warehouse", indexes)) == ["en"])
        let hit = try #require(try search("倉庫", indexes).hits.first)
        let highlighted = hit.snippet.segments.filter(\.highlighted).map(\.text).joined()
        #expect(highlighted.contains("倉") && highlighted.contains("庫"))
    }
}
