import Foundation

/// The newest checkpoint one process has checked, with the view it gave, so that the other
/// sessions of a server, refreshing after a commit, do not each check the same checkpoint again
/// (checking recomputes the tree's root from the tiles and follows the log keys).
///
/// A view is reused only for the very bytes it was read from, and only while this host
/// remembers those bytes as its newest checkpoint (so no rollback can have happened since), as
/// a session reuses its own view. Read and written only under `lock`.
public final class LedgerViewCache: @unchecked Sendable {
    private let lock = NSLock()
    private var newest: LedgerView?

    public init() {}

    func view(for signed: [UInt8]) -> LedgerView? {
        lock.lock()
        defer { lock.unlock() }
        guard let newest, newest.signedCheckpoint == signed else { return nil }
        return newest
    }

    /// Keeps a view checked without findings (a view with warnings is a rollback's, never shared).
    func remember(_ view: LedgerView) {
        guard !view.rolledBack, view.warnings.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        if let newest, newest.checkpoint.size > view.checkpoint.size { return }
        newest = view
    }
}
