import EvidenceStore

extension EvidenceService {
    /// Break-glass: seals a case's key to a user through the repository's recovery key, for
    /// a case whose members can no longer grant it (`evidence recover grant-case`).
    public func recoverCaseAccess(_ context: UserContext, recoveryPassphrase: String, caseID: String, userName: String,
                                  role: String, reason: String? = nil, wait: Double = 0) async throws {
        try await perform(context, writes: true) { session in
            try session.recoverCaseAccess(recoveryPassphrase: recoveryPassphrase, caseID: caseID, userName: userName,
                                          role: role, reason: reason, wait: wait)
        }
    }

    /// Break-glass: seals the audit key to a user through the recovery key
    /// (`evidence recover grant-audit`).
    public func recoverAuditAccess(_ context: UserContext, recoveryPassphrase: String, userName: String,
                                   reason: String? = nil, wait: Double = 0) async throws {
        try await perform(context, writes: true) { session in
            try session.recoverAuditAccess(recoveryPassphrase: recoveryPassphrase, userName: userName, reason: reason,
                                           wait: wait)
        }
    }

    /// Rebuilds this host's catalog of the user from the ledger (`evidence rebuild`); returns
    /// the number of entries it was built from.
    public func rebuildCatalog(_ context: UserContext) async throws -> UInt64 {
        try await perform(context, writes: true) { session in try session.rebuild() }
    }
}
