import Foundation

/// The newest authority state the sessions of one user in one process hold, so that a session
/// catching up after another's commit goes on from that state instead of decoding the stored
/// snapshot and reading its buckets again. A server opens several sessions per
/// signed-in user; the CLI has one session and no share.
///
/// A state is taken only under the same conditions a session reuses its own
/// (`Session.reusableAuthority`): the stored snapshot is still the one it came from, and it is
/// at the size and root asked for. `state` and `origin` are read and written only under `lock`.
public final class AuthorityShare: @unchecked Sendable {
    private let lock = NSLock()
    private var state: AuthorityState?
    private var origin: AuthorityOrigin?

    public init() {}

    /// Offers a session's state; kept unless the share holds a larger one.
    func offer(_ offered: AuthorityState, origin offeredOrigin: AuthorityOrigin) {
        lock.lock()
        defer { lock.unlock() }
        if let state, state.size > offered.size { return }
        state = offered
        origin = offeredOrigin
    }

    /// The shared state, if it is the state after `size` entries of the tree with root `root`
    /// and came from the stored snapshot `stored`.
    func take(size: UInt64, root: [UInt8], stored: AuthoritySnapshot.Mark) -> (AuthorityState, AuthorityOrigin)? {
        lock.lock()
        defer { lock.unlock() }
        guard let state, let origin, origin.snapshot == stored, origin.root == root, state.size == size else { return nil }
        return (state, origin)
    }
}
