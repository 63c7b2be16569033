import EvidenceStore

extension EvidenceService {
    /// Makes a user a member of a case with a role (`evidence case grant`): they receive the
    /// case key, sealed to them.
    public func grant(_ context: UserContext, caseReference: String, userName: String, role: String,
                      reason: String? = nil, wait: Double = 0) async throws {
        try await perform(context, writes: true) { session in
            try session.grant(caseReference: caseReference, userName: userName, role: role, reason: reason, wait: wait)
        }
    }

    /// Ends a user's membership of a case (`evidence case revoke`); a key they have seen
    /// cannot be taken back, so `rekey` should follow.
    public func revoke(_ context: UserContext, caseReference: String, userName: String, reason: String? = nil,
                       wait: Double = 0) async throws {
        try await perform(context, writes: true) { session in
            try session.revoke(caseReference: caseReference, userName: userName, reason: reason, wait: wait)
        }
    }

    /// Seals a case's new material under a new key held by its current members only; returns
    /// the new key generation.
    public func rekey(_ context: UserContext, caseReference: String, reason: String? = nil,
                      wait: Double = 0) async throws -> UInt32 {
        try await perform(context, writes: true) { session in
            try session.rekey(caseReference: caseReference, reason: reason, wait: wait)
        }
    }

    /// Invites a user (`evidence user add`): the enrolment code is shown once, to be handed
    /// over in person; the user chooses their passphrase when they enrol with it.
    public func inviteUser(_ context: UserContext, name: String, roles: [String], clearance: String, kdfCost: Int,
                           reason: String? = nil, wait: Double = 0) async throws -> UserInvitation {
        try await perform(context, writes: true) { session in
            let (id, code) = try session.addUser(name: name, roles: roles, clearance: clearance, kdfCost: kdfCost,
                                                 reason: reason, wait: wait)
            return UserInvitation(userID: id, name: name, enrolmentCode: code)
        }
    }

    /// The repository's users, with their roles, clearance and state.
    public func users(_ context: UserContext) async throws -> [UserSummary] {
        try await perform(context) { session in try session.listUsers() }
    }

    /// Disables a user: the ledger refuses their entries from now on, and their sign-ins end.
    public func disableUser(_ context: UserContext, name: String, reason: String? = nil, wait: Double = 0) async throws {
        try await perform(context, writes: true) { session in
            try session.disableUser(name: name, reason: reason, wait: wait)
        }
    }

    /// Applies an access policy (the text of a policy file); returns its SHA-256 (hex).
    public func applyPolicy(_ context: UserContext, text: String, reason: String? = nil,
                            wait: Double = 0) async throws -> String {
        try await perform(context, writes: true) { session in
            try session.applyPolicy(text: text, reason: reason, wait: wait)
        }
    }

    /// The policy in force, as the ledger records it.
    public func policy(_ context: UserContext) async throws -> PolicyInForce {
        try await perform(context) { session in
            let (_, hash, seq) = try session.currentPolicy()
            return PolicyInForce(sha256: hash, seq: seq, text: try session.currentPolicyText())
        }
    }

    /// Which rule allows or refuses a user an action on a target ("repository", a case, an
    /// item). Users may ask about themselves; about others only with manage-users or audit.
    public func explain(_ context: UserContext, userName: String, action: Action,
                        target: String) async throws -> AccessExplanation {
        try await perform(context) { session in
            let (decision, resolved) = try session.explain(userName: userName, action: action, target: target)
            return AccessExplanation(userName: userName, action: action, target: resolved.label,
                                     outcome: decision.outcome.rawValue, rule: decision.rule,
                                     reasonRequired: decision.reasonRequired)
        }
    }
}

/// A user invited: the code they enrol with, shown only now.
public struct UserInvitation: Sendable, Codable, Equatable {
    public var userID: String
    public var name: String
    public var enrolmentCode: String
}

/// The access policy in force: its hash, the ledger entry that applied it, and its text
/// (nil when this host's catalog has not kept it).
public struct PolicyInForce: Sendable, Codable, Equatable {
    public var sha256: String
    public var seq: Int64
    public var text: String?
}

/// Why a user may or may not take an action on a target.
public struct AccessExplanation: Sendable, Codable, Equatable {
    public var userName: String
    public var action: Action
    /// The target as a person reads it ("case OP-1", "item itm_…", "this repository").
    public var target: String
    /// allowed, denied (visible but not permitted) or invisible (as if it did not exist).
    public var outcome: String
    /// The rule that decided, as one sentence.
    public var rule: String
    public var reasonRequired: Bool
}

extension EvidenceService {
    /// Enrols an invited user with the code they were handed (`evidence user enrol`): their
    /// keys are made and sealed under the passphrase they choose. Needs no sign-in: this is
    /// how a user comes to have one. Returns the user's id.
    public func enrol(userName: String, code: String, passphrase: String, kdfCost: Int, wait: Double = 0) async throws -> String {
        let configuration = self.configuration
        return try await BlockingWork.run {
            let session = try Session.enrol(repositoryPath: configuration.repositoryPath, stateRoot: configuration.stateRoot,
                                            name: userName, code: code, passphrase: passphrase, kdfCost: kdfCost, wait: wait)
            return session.user.id
        }
    }
}
