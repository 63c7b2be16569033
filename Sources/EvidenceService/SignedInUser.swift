import EvidenceStore
import Foundation
import Synchronization

/// What the service holds for one sign-in: the user's unlocked keys and the sessions opened
/// from them, each lent to one request at a time.
///
/// Ending the sign-in drops the keys and every idle session; a session lent out is dropped
/// when its request returns it. The keys live in `SecretBytes`, which wipe themselves when
/// the last reference goes, so after the last request of an ended sign-in no copy is left.
final class SignedInUser: Sendable {
    let context: UserContext
    /// The warnings of the sign-in's first session (`EvidenceService.notices`).
    var notices: [String] {
        get { noticeList.withLock { $0 } }
        set { noticeList.withLock { $0 = newValue } }
    }
    private let noticeList = Mutex<[String]>([])
    private struct State {
        var unlocked: UnlockedUser?
        var idle: [Session] = []
        var lent = 0
    }
    private let state: Mutex<State>
    /// Indexing of this user's cases runs one at a time (one index writer per case folder).
    let indexing = Mutex<Void>(())
    /// The newest authority state among this user's sessions, which a session catching up
    /// after another's commit goes on from.
    let authorityShare = AuthorityShare()

    init(context: UserContext, unlocked: UnlockedUser) {
        self.context = context
        state = Mutex(State(unlocked: unlocked))
    }

    var isActive: Bool { state.withLock { $0.unlocked != nil } }

    /// A session for one request: an idle one, or a new one opened from the unlocked keys
    /// (no scrypt). Nil once the sign-in has ended.
    func borrow(open: (UnlockedUser) throws -> Session) throws -> Session? {
        let (reused, unlocked): (Session?, UnlockedUser?) = state.withLock { state in
            guard let unlocked = state.unlocked else { return (nil, nil) }
            state.lent += 1
            return (state.idle.popLast(), unlocked)
        }
        guard let unlocked else { return nil }
        if let reused { return reused }
        do {
            let session = try open(unlocked)
            session.authorityShare = authorityShare
            return session
        } catch {
            state.withLock { $0.lent -= 1 }
            throw error
        }
    }

    /// Takes a session back after its request; dropped if the sign-in ended meanwhile.
    func giveBack(_ session: Session, keep: Bool) {
        state.withLock { state in
            state.lent -= 1
            if keep, state.unlocked != nil, state.idle.count < SignedInUser.maxIdleSessions { state.idle.append(session) }
        }
    }

    /// Drops the keys and the idle sessions (released once the lock is let go: closing a
    /// session's catalog is not work to do under it).
    func end() {
        let released: (UnlockedUser?, [Session]) = state.withLock { state in
            defer {
                state.unlocked = nil
                state.idle = []
            }
            return (state.unlocked, state.idle)
        }
        withExtendedLifetime(released) {}
    }

    /// The secrets the sign-in holds (tests check that ending it lets them go, which wipes them).
    var keyMaterial: [SecretBytes] {
        state.withLock { state in
            guard let unlocked = state.unlocked else { return [] }
            return [unlocked.sealingKey.secret, unlocked.signingKey.seed]
        }
    }

    /// Sessions lent out now (for tests and metrics).
    var lentSessions: Int { state.withLock { $0.lent } }

    /// Idle sessions kept per sign-in: enough for a user's parallel requests, without
    /// holding a catalog connection per request ever made.
    static let maxIdleSessions = 4
}
