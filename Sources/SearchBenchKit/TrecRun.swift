/// A ranking in TREC run format, one line per retrieved document:
/// `query Q0 document rank score tag` (what trec_eval reads). The Python reference of
/// scripts/bench-search.sh writes its Cranfield ranking so, and SearchBench scores it with
/// the same `TrecMeasures` as its own.
public enum TrecRun {
    /// Query number → (document, score) in file order.
    public static func parse(_ text: String) throws -> [Int: [(document: String, score: Double)]] {
        var out: [Int: [(document: String, score: Double)]] = [:]
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = line.split(whereSeparator: \.isWhitespace)
            if parts.isEmpty { continue }
            guard parts.count == 6, let query = Int(parts[0]), let score = Double(parts[4]) else {
                throw BenchError.badInput("Run line \(n + 1) is not \"query Q0 document rank score tag\".")
            }
            out[query, default: []].append((String(parts[2]), score))
        }
        return out
    }

    /// `ranking` of query `number` as run lines.
    public static func lines(query number: Int, ranking: [(document: String, score: Double)], tag: String) -> String {
        var out = ""
        for (rank, hit) in ranking.enumerated() {
            out += "\(number) Q0 \(hit.document) \(rank + 1) \(hit.score) \(tag)\n"
        }
        return out
    }
}
