import Foundation

extension LedgerVerifier {
    /// Entries beyond the newest checkpoint, seen without the writer lock: this cannot tell a
    /// commit in progress from an interrupted one or from signed entries whose checkpoint was
    /// removed, so it only says what they may be.
    static func tailNote(entries: UInt64) -> String {
        "\(entries) ledger entr\(entries == 1 ? "y lies" : "ies lie") beyond the newest checkpoint, which does not sign \(entries == 1 ? "it" : "them"): a commit in progress or interrupted (only the host that wrote \(entries == 1 ? "it" : "them") sets \(entries == 1 ? "it" : "them") aside), or newer entries whose checkpoint was removed (a rollback, which a trusted checkpoint or a witness shows)"
    }
}
