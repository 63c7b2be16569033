import Foundation

extension Array where Element: Sendable {
    /// `map` over the machine's cores, results in the original order. For pure work on
    /// independent elements (decoding ledger entries, say); `transform` must not throw.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = ParallelResults<T>(count: count)
        let workers = Swift.min(count, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))
        let next = ParallelCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.claim(below: count) { results.set(index, transform(self[index])) }
        }
        return results.values()
    }
}

/// Slots filled by concurrent workers, each slot by exactly one.
private final class ParallelResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.lock(); slots[index] = value; lock.unlock() }
    func values() -> [T] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

/// Hands out indexes to whichever worker is free.
final class ParallelCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func claim(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        defer { next += 1 }
        return next
    }
}
