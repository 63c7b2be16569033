import EvidenceStore
import Foundation

extension EvidenceService {
    /// Unlocks a user's keys with their passphrase (the one scrypt of the sign-in) and checks
    /// them against the ledger by opening a first session. Wrong passphrase and unknown user
    /// fail alike, in the same time.
    public func signIn(userName: String, passphrase: String) async throws -> UserContext {
        endExpired()
        let configuration = self.configuration
        let lifetime = configuration.signInLifetime
        let expiresAt = now().addingTimeInterval(lifetime)
        return try await BlockingWork.run {
            let unlocked = try Session.unlock(repositoryPath: configuration.repositoryPath, userName: userName,
                                              passphrase: passphrase)
            let token = Hex.encode(try SecureRandom.bytes(32))
            let context = UserContext(token: token, userID: unlocked.id, userName: unlocked.name, expiresAt: expiresAt)
            let user = SignedInUser(context: context, unlocked: unlocked)
            // The first session runs every check of a sign-in but the passphrase's (a
            // disabled user, a replaced identity file) and is kept for the first request.
            guard let session = try user.borrow(open: self.openSession) else { throw ServiceError.signedOut }
            user.notices = session.warnings
            // The host keeps no index of what the user may no longer see (a revoked case, an
            // item reclassified above them): deleted at sign-in, not at their next search.
            self.indexer(session).prune()
            user.giveBack(session, keep: true)
            self.signIns.withLock { $0[token] = user }
            self.logger.info("signed in", metadata: ["user": "\(unlocked.id)"])
            return context
        }
    }

    /// What the repository said at sign-in that the user should know (a checkpoint this
    /// host has not seen witnessed, say): a front end shows it once.
    public func notices(_ context: UserContext) throws -> [String] {
        try signedIn(context).notices
    }

    /// Ends a sign-in: its keys are dropped now, and the sessions of requests still running
    /// when they finish.
    public func signOut(_ context: UserContext) {
        let user = signIns.withLock { $0.removeValue(forKey: context.token) }
        user?.end()
    }

    /// Ends every sign-in whose time is up. Called on every sign-in and request; a server
    /// also calls it on a timer, so that an idle service drops expired keys too.
    public func endExpired() {
        let time = now()
        let expired = signIns.withLock { signIns in
            let gone = signIns.filter { $0.value.context.expiresAt <= time }
            for token in gone.keys { signIns.removeValue(forKey: token) }
            return Array(gone.values)
        }
        for user in expired { user.end() }
    }

    /// The signed-in user a context names, if the sign-in is still on.
    func signedIn(_ context: UserContext) throws -> SignedInUser {
        endExpired()
        guard let user = signIns.withLock({ $0[context.token] }), user.context == context, user.isActive else {
            throw ServiceError.signedOut
        }
        return user
    }

    /// Opens a session from unlocked keys, joined to this process's commit group.
    @Sendable func openSession(_ unlocked: UnlockedUser) throws -> Session {
        let session = try Session.open(repositoryPath: configuration.repositoryPath, stateRoot: configuration.stateRoot,
                                       unlocked: unlocked, acceptingRollback: configuration.acceptingRollback)
        session.commitGroup = commitGroup
        session.viewCache = viewCache
        return session
    }
}
