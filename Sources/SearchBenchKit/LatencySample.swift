/// Latencies in milliseconds and their percentiles, by the nearest-rank method (the Python
/// references of scripts/bench-search.sh compute theirs the same way).
public struct LatencySample: Sendable {
    public private(set) var values: [Double] = []

    public init() {}

    public mutating func add(_ milliseconds: Double) { values.append(milliseconds) }

    /// The smallest value with at least `p` (0...1) of the values at or below it; NaN when
    /// there are none.
    public func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
