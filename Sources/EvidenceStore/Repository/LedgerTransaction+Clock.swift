import Foundation

/// Recorded times never go backwards (FORMAT §7.2), so an entry stamped in the future makes
/// every later writer copy its time. A writer therefore refuses to follow an entry stamped
/// more than `Clock.tolerance` after its own clock, and so never writes one itself.
extension LedgerTransaction {
    /// The time of the next entry: this computer's clock, or the previous entry's time when
    /// the clock is behind it by no more than the tolerance.
    static func entryTime(after previous: Timestamp?, seq: UInt64) throws -> Timestamp {
        let now = Clock.now()
        guard let previous, previous > now else { return now }
        try refuseAhead(previous, seq: seq - 1, now: now)
        return previous
    }

    static func refuseAhead(_ time: Timestamp, seq: UInt64, now: Timestamp) throws {
        guard Clock.isAhead(time, of: now) else { return }
        throw EvidenceError(.data, "Refusing to write: ledger entry \(seq) is stamped \(time), more than 5 minutes after this computer's clock (\(now)), and no entry may be stamped earlier than the one before it; check this computer's clock and that of the computer that wrote entry \(seq) (evidence log shows who), then run evidence verify.")
    }
}
