import Foundation

extension Session {
    /// `evidence recover grant-audit`: break-glass. Opens the recovery key with a recovery
    /// passphrase and seals the audit private key to a user whose role may audit, so that they
    /// can open the audit parts of events (who did what, and why) without any case key.
    /// Recorded as recovery.used (purpose grant-audit) naming the grantee, which is what
    /// `verify` holds every audit-key envelope against.
    public func recoverAuditAccess(recoveryPassphrase: String, userName: String, reason: String?, wait: Double) throws {
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw EvidenceError(.usage, field: .reason, "Using the recovery key needs a reason\(cli: ": give \(option: .reason)") (it is recorded in the audit log).")
        }
        let grantee = try registeredUser(userName)
        let policy = try currentPolicy().policy
        guard let subject = try accessSubject(userID: grantee.id), !subject.disabled,
              Authorizer.decide(subject, .audit, .repository, policy: policy).allowed else {
            throw EvidenceError(.usage, "\(userName) is disabled or holds no role that may audit; only auditors receive the audit key.")
        }
        let (recoveryKey, slot) = try unlockRecoveryKey(passphrase: recoveryPassphrase)
        let recoverySealing = try KeyEnvelope.recoverySealingKey(recoveryKey)
        let repositoryID = repository.repositoryID
        guard let secret = try KeyEnvelope.open(root: repository.path, repositoryID: repositoryID, purpose: .auditKey,
                                                subject: repositoryID, generation: 1, holder: .recovery,
                                                privateKey: recoverySealing) else {
            throw EvidenceError(.data, "The audit key's recovery envelope (audit/1/recovery) is missing; run evidence verify.")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            try KeyEnvelope.write(secret, root: repository.path, repositoryID: repositoryID, purpose: .auditKey,
                                  subject: repositoryID, generation: 1, holder: .user(grantee.id),
                                  recipient: grantee.sealingKey)
            try transaction.append(RecoveryUsedEvent(
                publicPart: .init(purpose: "grant-audit", slot: slot.slotID, user: grantee.id, caseID: nil, role: nil,
                                  envelopes: nil),
                audit: audit(.init(slot: slot.slotID, grantee: userName, role: nil, caseID: nil), reason: reason)).draft())
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }
}
