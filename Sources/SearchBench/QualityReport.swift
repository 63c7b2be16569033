import SearchBenchKit

/// Prints Cranfield measures beside the plain-Xapian baseline of Tests/Fixtures/README.md, and
/// one machine-readable RESULT line for scripts/bench-search.sh.
enum QualityReport {
    /// Debian's Xapian 1.4.22, title and abstract indexed, queries lower-cased with
    /// punctuation as spaces, top 1000, trec_eval's measures (Tests/Fixtures/README.md), with the
    /// number of decimals the README gives.
    static let baseline: [(name: String, value: Double, decimals: Int)] = [
        ("MAP", 0.2915, 4), ("nDCG@10", 0.3548, 4), ("P@10", 0.2249, 4), ("recall@1000", 0.974, 3),
    ]

    static func print(engine: String, _ mean: TrecMeasures) {
        let ours = [mean.averagePrecision, mean.ndcgAt10, mean.precisionAt10, mean.recallAt1000]
        Swift.print(pad("measure", 14) + pad(engine, 12) + pad("baseline", 10) + "ratio")
        for (b, value) in zip(baseline, ours) {
            // Compared at the precision the baseline is given to.
            let scale = pow10(b.decimals)
            let below = (value * scale).rounded() < (b.value * scale).rounded()
            Swift.print(pad(b.name, 14) + pad(format(value, 4), 12) + pad(format(b.value, b.decimals), 10)
                        + format(value / b.value, 3) + (below ? "  BELOW BASELINE" : ""))
        }
        Swift.print("RESULT cranfield engine=\(engine) map=\(format(mean.averagePrecision, 6)) "
                    + "ndcg10=\(format(mean.ndcgAt10, 6)) p10=\(format(mean.precisionAt10, 6)) "
                    + "recall1000=\(format(mean.recallAt1000, 6))")
    }

    private static func pow10(_ n: Int) -> Double {
        (0..<n).reduce(1.0) { value, _ in value * 10 }
    }
}
