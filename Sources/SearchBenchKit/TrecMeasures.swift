import Foundation

/// One query's retrieval measures, computed as trec_eval 9 computes `map`, `ndcg_cut.10`,
/// `P.10` and `recall.1000` (the measures of the baseline in Tests/Fixtures/README.md):
/// - the ranking is re-sorted as trec_eval sorts a run: score descending, ties by document
///   name descending (byte order), so the engine's own order of equal scores does not count;
/// - judged gains are the relevance values; a document is relevant if its gain is at least 1
///   (trec_eval's default relevance level), unjudged documents count as gain 0;
/// - average precision: the precision at each relevant document retrieved, summed and
///   divided by the number of relevant documents (retrieved or not);
/// - nDCG@10: Σ gain / log2(rank + 1) over the first 10 (trec_eval 9's "i+2 since doc i has
///   rank i+1"; older trec_eval left rank 2 undiscounted), divided by the same sum for the
///   ideal ordering of every judged gain;
/// - P@10: relevant documents in the first 10, divided by 10 (also when fewer were retrieved);
/// - recall@1000: relevant documents in the first 1000 over the relevant documents.
/// A query without relevant documents scores 0 everywhere.
public struct TrecMeasures: Sendable, Equatable {
    public var averagePrecision = 0.0
    public var ndcgAt10 = 0.0
    public var precisionAt10 = 0.0
    public var recallAt1000 = 0.0

    public init() {}

    /// `ranking`: the retrieved documents with their scores, in any order. `gains`: the
    /// judged documents' gains.
    public init(ranking: [(document: String, score: Double)], gains: [String: Int]) {
        let ordered = ranking.sorted { a, b in
            a.score != b.score ? a.score > b.score : b.document.utf8.lexicographicallyPrecedes(a.document.utf8)
        }
        let relevantCount = gains.values.filter { $0 >= 1 }.count
        guard relevantCount > 0 else { return }

        var found = 0
        var foundIn10 = 0
        var foundIn1000 = 0
        var precisionSum = 0.0
        var dcg = 0.0
        for (i, hit) in ordered.enumerated() {
            let gain = gains[hit.document] ?? 0
            guard gain >= 1 else { continue }
            found += 1
            precisionSum += Double(found) / Double(i + 1)
            if i < 10 {
                foundIn10 += 1
                dcg += Double(gain) / log2(Double(i + 2))
            }
            if i < 1000 { foundIn1000 += 1 }
        }
        averagePrecision = precisionSum / Double(relevantCount)
        precisionAt10 = Double(foundIn10) / 10
        recallAt1000 = Double(foundIn1000) / Double(relevantCount)
        let ideal = gains.values.filter { $0 >= 1 }.sorted(by: >).prefix(10)
        let idealDCG = ideal.enumerated().reduce(0.0) { $0 + Double($1.element) / log2(Double($1.offset + 2)) }
        ndcgAt10 = dcg / idealDCG
    }

    /// The mean of each measure over `queries`: every judged query counts, also one that
    /// retrieved nothing (as `trec_eval -c`).
    public static func mean(_ queries: [TrecMeasures]) -> TrecMeasures {
        var m = TrecMeasures()
        guard !queries.isEmpty else { return m }
        let n = Double(queries.count)
        m.averagePrecision = queries.reduce(0) { $0 + $1.averagePrecision } / n
        m.ndcgAt10 = queries.reduce(0) { $0 + $1.ndcgAt10 } / n
        m.precisionAt10 = queries.reduce(0) { $0 + $1.precisionAt10 } / n
        m.recallAt1000 = queries.reduce(0) { $0 + $1.recallAt1000 } / n
        return m
    }
}
