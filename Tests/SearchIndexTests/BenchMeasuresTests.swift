import Foundation
import SearchBenchKit
import Testing

/// The search benchmark's measures and readers (SearchBenchKit), against figures worked out
/// by hand from trec_eval 9's definitions.
@Suite struct BenchMeasuresTests {
    /// Judged: d1 gain 3, d3 gain 2, d2 gain 1 (never retrieved), d9 gain 0 (judged not
    /// relevant). Retrieved with scores: d5 9 (unjudged), d1 8, d3 7, d9 7, d7 1.
    /// trec_eval breaks the tie of d3 and d9 by document name, descending: d9 comes before
    /// d3, so the order is d5 d1 d9 d3 d7, relevant at ranks 2 and 4:
    ///   AP = (1/2 + 2/4) / 3 relevant = 1/3
    ///   DCG@10 = 3/log2(3) + 2/log2(5) = 2.7541424; ideal 3/log2(2) + 2/log2(3) + 1/log2(4)
    ///   = 4.7618595; nDCG@10 = 0.5783754
    ///   P@10 = 2/10; recall@1000 = 2/3.
    @Test func oneQueryByHand() {
        let ranking: [(document: String, score: Double)] = [("d1", 8), ("d3", 7), ("d5", 9), ("d7", 1), ("d9", 7)]
        let m = TrecMeasures(ranking: ranking, gains: ["d1": 3, "d2": 1, "d3": 2, "d9": 0])
        #expect(abs(m.averagePrecision - 1.0 / 3.0) < 1e-12)
        #expect(abs(m.ndcgAt10 - 0.578_375_395_731_409_5) < 1e-12)
        #expect(abs(m.precisionAt10 - 0.2) < 1e-12)
        #expect(abs(m.recallAt1000 - 2.0 / 3.0) < 1e-12)
    }

    /// Had the tie been kept in the engine's order (d3 before d9), AP would be
    /// (1/2 + 2/3) / 3 = 0.3889: the re-sort is what makes our figures trec_eval's.
    @Test func engineOrderOfTiesDoesNotCount() {
        let a = TrecMeasures(ranking: [("d3", 7), ("d9", 7)], gains: ["d3": 1])
        let b = TrecMeasures(ranking: [("d9", 7), ("d3", 7)], gains: ["d3": 1])
        #expect(a == b)
        #expect(abs(a.averagePrecision - 0.5) < 1e-12)
    }

    /// Only the first 10 count for nDCG@10 and P@10, only the first 1000 for recall@1000;
    /// average precision takes the whole ranking, as trec_eval's `map` does.
    @Test func cutoffs() {
        var ranking: [(document: String, score: Double)] = []
        for i in 0..<1001 { ranking.append(("n\(i)", Double(2000 - i))) }
        ranking.append(("r", 1))  // rank 1002
        let m = TrecMeasures(ranking: ranking, gains: ["r": 4])
        #expect(m.ndcgAt10 == 0)
        #expect(m.precisionAt10 == 0)
        #expect(m.recallAt1000 == 0)
        #expect(abs(m.averagePrecision - 1.0 / 1002.0) < 1e-15)
    }

    @Test func queryWithoutRelevantDocumentsScoresZeroAndCountsInTheMean() {
        let none = TrecMeasures(ranking: [("a", 1)], gains: ["a": 0])
        #expect(none == TrecMeasures())
        let perfect = TrecMeasures(ranking: [("a", 1)], gains: ["a": 2])
        #expect(perfect.averagePrecision == 1 && perfect.ndcgAt10 == 1 && perfect.recallAt1000 == 1)
        let mean = TrecMeasures.mean([none, perfect])
        #expect(mean.averagePrecision == 0.5)
        #expect(abs(mean.precisionAt10 - 0.05) < 1e-12)
    }

    @Test func percentilesByNearestRank() {
        var sample = LatencySample()
        #expect(sample.percentile(0.5).isNaN)
        for v in (1...20).reversed() { sample.add(Double(v)) }
        #expect(sample.percentile(0.5) == 10)
        #expect(sample.percentile(0.95) == 19)
        #expect(sample.percentile(1) == 20)
        #expect(sample.percentile(0) == 1)
    }

    /// Queries are numbered by position (cranqrel's numbering), not by their `.I` ids; a
    /// field may span lines; grades become gains 5 − grade, and -1 gains 0.
    @Test func cranfieldFormat() throws {
        let documents = """
            .I 1
            .T
            flow past
            a plate
            .A
            smith,j.
            .B
            j. ae. 1
            .W
            flow past
            a plate .
            .I 2
            .T
            heat
            .W
            heat transfer .
            """
        let queries = ".I 001\n.W\nwhat is\nflow ?\n.I 004\n.W\nheat ?\n"
        let judgments = "1 1 1\n1 2 -1\n2 2 4\n\n"
        let c = try CranfieldCollection(documentsText: documents, queriesText: queries, judgmentsText: judgments)
        #expect(c.documents == [
            CranfieldDocument(id: 1, title: "flow past\na plate", author: "smith,j.", bibliography: "j. ae. 1",
                              body: "flow past\na plate ."),
            CranfieldDocument(id: 2, title: "heat", body: "heat transfer ."),
        ])
        #expect(c.queries == [CranfieldQuery(number: 1, fileID: "001", text: "what is\nflow ?"),
                              CranfieldQuery(number: 2, fileID: "004", text: "heat ?")])
        #expect(c.gains(query: 1) == ["1": 4, "2": 0])
        #expect(c.gains(query: 2) == ["2": 1])
        #expect(c.gains(query: 3) == [:])
        #expect(throws: BenchError.self) {
            try CranfieldCollection(documentsText: documents, queriesText: queries, judgmentsText: "1 x 2\n")
        }
    }

    @Test func questionsBecomePlainWords() {
        #expect(NaturalLanguageQuery.plainWords("What are the High-Temperature (properties) of \"air\"?")
                == "what are the high temperature  properties  of  air  ")
        #expect(NaturalLanguageQuery.plainWords("to: a..b NEAR c*") == "to  a  b near c ")
    }

    @Test func runFileRoundTrip() throws {
        let text = TrecRun.lines(query: 3, ranking: [("12", 2.5), ("7", 1)], tag: "t")
        #expect(text == "3 Q0 12 1 2.5 t\n3 Q0 7 2 1.0 t\n")
        let parsed = try TrecRun.parse(text)
        #expect(parsed.keys.sorted() == [3])
        #expect(parsed[3]?.map(\.document) == ["12", "7"])
        #expect(parsed[3]?.map(\.score) == [2.5, 1])
        #expect(throws: BenchError.self) { try TrecRun.parse("3 Q0 12 1\n") }
    }
}
