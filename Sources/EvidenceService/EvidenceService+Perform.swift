import EvidenceStore
import Foundation

extension EvidenceService {
    /// Runs `body` on a session of the context's user, caught up with the newest checkpoint,
    /// on a thread of its own. A user the ledger has disabled since signing in is signed out.
    /// `writes`: the request may append to the ledger, so concurrent commits wait briefly for it.
    func perform<T: Sendable>(_ context: UserContext, writes: Bool = false,
                              _ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        let user = try signedIn(context)
        let group = commitGroup
        return try await BlockingWork.run {
            if writes { return try group.whileWriting { try self.run(user, context, body) } }
            return try self.run(user, context, body)
        }
    }

    private func run<T>(_ user: SignedInUser, _ context: UserContext, _ body: (Session) throws -> T) throws -> T {
        guard let session = try user.borrow(open: openSession) else { throw ServiceError.signedOut }
        var keep = false
        defer { user.giveBack(session, keep: keep) }
        try session.refresh()
        if let subject = try session.accessSubject(userID: session.user.id), subject.disabled {
            signOut(context)
            throw ServiceError(.denied, "\(session.user.name) is disabled and may not use this repository.")
        }
        do {
            let result = try body(session)
            keep = true
            return result
        } catch {
            // A refusal leaves the session as it was; an integrity or storage failure does not
            // say so, and the next request opens a fresh one.
            let kind = ServiceError.from(error).kind
            keep = kind != .integrity && kind != .storage
            throw error
        }
    }
}
