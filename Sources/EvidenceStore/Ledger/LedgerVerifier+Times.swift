import Foundation

extension LedgerVerifier {
    /// An entry stamped more than `Clock.tolerance` after this computer's clock is a problem:
    /// a writer's clock was fast (or this one is slow), and since times never go backwards,
    /// writers that follow it would copy its time (FORMAT §7.7, docs/VERIFICATION.md §1).
    static func aheadProblem(_ entry: LedgerEntry, now: Timestamp) -> String {
        "ledger entry \(entry.seq) is stamped \(entry.time), more than 5 minutes after this computer's clock (\(now)): the clock of the computer that wrote it was fast, or this one's is slow"
    }
}
