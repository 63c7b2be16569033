import Foundation

/// What the transactions appending under one writer lock share: the lock, the ledger
/// writer and the time of the newest entry. A CLI command's transaction has a batch of its
/// own; in a long-lived process, transactions that may share a checkpoint (see
/// `CommitGroup`) append into one batch, and each commit covers every entry appended so far.
///
/// Every mutable field is read and written only while `condition` is locked.
final class LedgerBatch: @unchecked Sendable {
    let condition = NSCondition()
    let lock: WriterLock
    let writer: LedgerWriter
    var lastTime: Timestamp?
    /// Transactions that joined and have not finished or abandoned.
    var participants = 0
    /// Participants still preparing entries: joined, and not waiting for a commit.
    var preparing = 0
    /// A commit is gathering entries (and then publishing them): other commits wait for it;
    /// appends go on until it publishes.
    var gathering = false
    /// Set when the batch can no longer commit: a commit failed, or a participant abandoned
    /// entries it had appended (the writer cannot take entries back). Every participant with
    /// entries not yet committed then fails with this error, and nothing more is appended.
    var failure: EvidenceError?
    /// Checkpoints this batch published, and entries appended to it.
    var checkpoints = 0
    var entries = 0

    init(lock: WriterLock, writer: LedgerWriter, lastTime: Timestamp?) {
        self.lock = lock
        self.writer = writer
        self.lastTime = lastTime
    }

    /// Runs `body` with the batch to itself: no append or publication of another participant
    /// runs meanwhile.
    func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    /// How long a commit waits for more entries when others may be coming (see
    /// `LedgerTransaction.gather`), and the longest it waits in all.
    static let gatheringTime: TimeInterval = 0.05
    static let longestGathering: TimeInterval = 0.25

    static let abandonedShare = EvidenceError(.busy, "Another request that shared this commit failed part-way, so nothing of this one was written; try again.")
}
