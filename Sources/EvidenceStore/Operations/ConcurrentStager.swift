import Foundation

/// Runs `stage(index)` for indices 0..<count on `workers` threads, at most `lookahead` files
/// ahead of the consumer, and hands the results back strictly in index order: files are
/// read and sealed in parallel, but recorded in the ledger in the order they were given.
/// The lookahead lets staging go on while the consumer waits for a group commit (a staged
/// file holds only its temporary object on disk, no memory).
final class ConcurrentStager: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Int: Result<Session.StagedSource, Error>] = [:]
    private var nextToStart = 0
    private var consumed = 0
    private var cancelled = false
    private let count: Int
    private let lookahead: Int
    private var threads: [BackgroundWork] = []

    init(count: Int, workers: Int, lookahead: Int, stage: @escaping @Sendable (Int) throws -> Session.StagedSource) {
        self.count = count
        self.lookahead = max(workers, lookahead)
        for _ in 0..<min(workers, count) {
            threads.append(BackgroundWork { [self] in
                while let index = self.claim() {
                    let result = Result { try stage(index) }
                    self.deliver(index, result)
                }
            })
        }
    }

    /// The next index to stage, waiting while the workers are `lookahead` files ahead.
    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && nextToStart < count && nextToStart >= consumed + lookahead { condition.wait() }
        guard !cancelled, nextToStart < count else { return nil }
        defer { nextToStart += 1 }
        return nextToStart
    }

    private func deliver(_ index: Int, _ result: Result<Session.StagedSource, Error>) {
        condition.lock()
        if cancelled, case .success(let staged) = result {
            staged.object.discard()
        } else {
            results[index] = result
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for file `index` (called with 0, 1, 2, … in turn).
    func result(_ index: Int) throws -> Session.StagedSource {
        condition.lock()
        while results[index] == nil { condition.wait() }
        let result = results.removeValue(forKey: index)
        consumed = index + 1
        condition.broadcast()
        condition.unlock()
        guard let result else { throw CancellationError() }
        return try result.get()
    }

    /// Stops the workers and removes the temporary objects of files never recorded.
    func cancelAndDiscard() {
        condition.lock()
        cancelled = true
        for case .success(let staged) in results.values { staged.object.discard() }
        results = [:]
        condition.broadcast()
        condition.unlock()
        for thread in threads { try? thread.wait() }
    }
}

/// Progress reports from the staging threads, serialised for the caller's closure.
final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private let progress: ((String, UInt64) -> Void)?

    init(_ progress: ((String, UInt64) -> Void)?) { self.progress = progress }

    func callback(for path: String) -> ((UInt64) -> Void)? {
        guard progress != nil else { return nil }
        return { [self] bytes in
            lock.lock()
            progress?(path, bytes)
            lock.unlock()
        }
    }
}
