import Foundation
import Synchronization

/// The ledger writes of one long-lived process (a server), so that concurrent requests
/// share group commits instead of queueing for the writer lock one by one.
///
/// Transactions that only add material or record reads, searches and refusals
/// (`shareable`) join one open batch: each is checked against the ledger as it stands
/// under the lock, appends its entries, and a commit publishes everything appended so far
/// under one checkpoint. Such entries never change what another entry of the batch may do,
/// so checking them against the committed state is checking them against the state before
/// them. Every other transaction (grants, policy, custody, disposal, users, keys) waits for
/// the open batch to end and then runs alone. Across processes the writer lock still decides.
///
/// Every mutable field is read and written only while `condition` is locked. A batch's lock
/// is taken only inside the group's, never the other way round.
public final class CommitGroup: @unchecked Sendable {
    private let condition = NSCondition()
    private var open: LedgerBatch?
    private var exclusiveRunning = false
    private var exclusiveWaiting = 0
    private var published = 0
    private var appended = 0
    /// Requests under way that may append (`whileWriting`): a commit waits briefly for them
    /// as it does for the batch's own participants, as PostgreSQL's commit_delay waits when
    /// commit_siblings are active. Atomic, because a committer reads it holding its batch.
    private let writers = Atomic<Int>(0)

    public init() {}

    /// Runs a request that may append, so that commits of other requests gather its entries too.
    public func whileWriting<T>(_ body: () throws -> T) rethrows -> T {
        writers.add(1, ordering: .relaxed)
        defer { writers.subtract(1, ordering: .relaxed) }
        return try body()
    }

    /// Requests under way that may append.
    var activeWriters: Int { writers.load(ordering: .relaxed) }

    /// Checkpoints published and entries appended by the batches that have ended.
    public var counts: (checkpoints: Int, entries: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (published, appended)
    }

    /// Joins the open batch, or opens one with `opener` (which takes the writer lock).
    /// A batch that failed is left to its participants to end; a new one opens after it.
    func join(_ opener: () throws -> LedgerBatch) throws -> LedgerBatch {
        condition.lock()
        defer { condition.unlock() }
        // Writers that must run alone go first once they wait, so that a stream of shared
        // requests cannot starve them.
        while exclusiveRunning || exclusiveWaiting > 0 || (open.map { batch in batch.exclusively { batch.failure != nil } } ?? false) {
            condition.wait()
        }
        let batch = try open ?? opener()
        open = batch
        batch.exclusively { batch.participants += 1 }
        return batch
    }

    /// Leaves a batch; the last participant to leave releases the writer lock.
    func leave(_ batch: LedgerBatch) {
        condition.lock()
        defer { condition.unlock() }
        let last = batch.exclusively {
            batch.participants -= 1
            return batch.participants == 0
        }
        if last {
            tally(batch)
            batch.lock.release()
            if open === batch { open = nil }
            condition.broadcast()
        }
    }

    /// Waits until no batch is open and no other lone writer runs, then runs alone until `endExclusive`.
    func beginExclusive() {
        condition.lock()
        defer { condition.unlock() }
        exclusiveWaiting += 1
        while open != nil || exclusiveRunning { condition.wait() }
        exclusiveWaiting -= 1
        exclusiveRunning = true
    }

    /// Ends a lone writer's turn (`batch` nil when it never got the writer lock).
    func endExclusive(_ batch: LedgerBatch?) {
        condition.lock()
        defer { condition.unlock() }
        exclusiveRunning = false
        if let batch { tally(batch) }
        condition.broadcast()
    }

    /// Adds an ended batch's checkpoints and entries to the counts; the group is held.
    private func tally(_ batch: LedgerBatch) {
        let (checkpoints, entries) = batch.exclusively { (batch.checkpoints, batch.entries) }
        published += checkpoints
        appended += entries
    }
}
