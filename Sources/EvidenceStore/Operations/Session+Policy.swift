import Foundation

extension Session {
    /// `evidence policy apply FILE`: records a policy's text and hash; from the next entry
    /// on, it is the one enforced.
    public func applyPolicy(text: String, reason: String?, wait: Double) throws -> String {
        try authorize(.applyPolicy, .repository, reason: reason, wait: wait)
        let parsed: Policy
        do {
            parsed = try Policy.parse(text)
        } catch let error as PolicyError {
            throw EvidenceError(.data, "The policy does not validate: \(error.description.replacingOccurrences(of: "\n", with: "; ")).")
        }
        // Every reader would reject such a policy (FORMAT §7.10): refuse it before it is written.
        guard !authority.administrators(under: parsed).isEmpty else {
            throw EvidenceError(.data, "Under this policy no enabled user could manage users and apply a policy, so administration would be frozen for ever; give an enabled user's role both manage-users and apply-policy.")
        }
        let hash = Hex.encode(try SHA256.hash(Array(text.utf8)))
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            // The text is public: anyone holding the ledger, with no key, must be able to
            // replay who may do what under it (FORMAT §7.10).
            try transaction.append(PolicyAppliedEvent(publicPart: .init(hash: hash, version: 1, text: text),
                                                      audit: audit(.init(hash: hash), reason: reason)).draft())
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return hash
    }

    /// The text of the policy in force.
    public func currentPolicyText() throws -> String? {
        try catalog.newestPolicyText()
    }

    /// `evidence policy explain USER ACTION TARGET`: which rule allows or refuses. TARGET is
    /// `repository`, a case (reference or id) or an item id that the asking user can see.
    /// Explaining for someone else needs manage-users or audit.
    public func explain(userName: String, action: Action, target text: String) throws -> (AccessDecision, AccessTarget) {
        let policy = try currentPolicy().policy
        let me = try subject()
        if userName != user.name {
            let mayAsk = [Action.manageUsers, .audit].contains { action in
                Authorizer.decide(me, action, .repository, policy: policy).allowed
            }
            guard mayAsk else { throw EvidenceError(.denied, "You may only explain your own access (manage-users or audit is needed for others).") }
        }
        guard let otherID = try catalog.userID(named: userName), let other = try accessSubject(userID: otherID) else {
            throw EvidenceError(.noInput, "No user \(userName) has enrolled in this repository.")
        }
        let target: AccessTarget
        if text == "repository" {
            target = .repository
        } else if let found = try findItemIfVisible(text) {
            target = self.target(for: found.item, in: found.case)
        } else if let found = try findCaseIfVisible(text) {
            target = self.target(for: found)
        } else {
            throw EvidenceError(.noInput, "No case or item \(text) exists in this repository.")
        }
        return (Authorizer.decide(other, action, target, policy: policy), target)
    }

    /// `evidence recover grant-case`: break-glass. Opens the recovery key with a recovery
    /// passphrase and seals a case's keys to a user through it (e.g. one who lost their
    /// passphrase and enrolled again). Recorded as recovery.used with who and why.
    public func recoverCaseAccess(recoveryPassphrase: String, caseID: String, userName: String, role: String,
                                  reason: String?, wait: Double) throws {
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw EvidenceError(.usage, field: .reason, "Using the recovery key needs a reason\(cli: ": give \(option: .reason)") (it is recorded in the audit log).")
        }
        let (recoveryKey, slot) = try unlockRecoveryKey(passphrase: recoveryPassphrase)
        let recoverySealing = try KeyEnvelope.recoverySealingKey(recoveryKey)
        guard let caseState = authority.cases[caseID] else { throw EvidenceError.noSuchCase(caseID) }
        let policy = try currentPolicy().policy
        guard policy.role(role)?.scope == .case else { throw EvidenceError(.usage, "\(role) is not a case role of the policy in force.") }
        let grantee = try registeredUser(userName)
        guard let subject = try accessSubject(userID: grantee.id), subject.roles.contains(role), !subject.disabled else {
            throw EvidenceError(.usage, "\(userName) is disabled or does not hold the role \(role).")
        }
        let current = UInt32(clamping: caseState.keyGeneration)
        guard policy.clearanceAllows(subject.clearance, caseState.classification) else {
            throw EvidenceError(.usage, "\(userName)'s clearance (\(subject.clearance ?? "none")) does not cover case \(caseID).")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            // Of each generation, the classes the user may see in that role (§5.4).
            let visible = KeyClass.visible(to: subject, role: role, caseID: caseID,
                                           caseClassification: caseState.classification, policy: policy)
            var sealed: [Int] = []
            var envelopes: [String: [Int]] = [:]
            for generation in 1...max(current, 1) {
                guard let secret = try KeyEnvelope.open(root: repository.path, repositoryID: repository.repositoryID,
                                                        purpose: .caseKey, subject: caseID, generation: generation,
                                                        holder: .recovery, privateKey: recoverySealing) else { continue }
                let keyring = try CaseKeyring(serialised: secret).restricted(to: visible)
                envelopes[try writeCaseKeyring(keyring, caseID: caseID, generation: generation, holder: .user(grantee.id),
                                               recipient: grantee.sealingKey)] = KeyClass.publicIndices(keyring.classes)
                sealed.append(Int(generation))
            }
            try transaction.append(RecoveryUsedEvent(
                publicPart: .init(purpose: "grant-case", slot: slot.slotID, user: grantee.id, caseID: caseID, role: role,
                                  envelopes: envelopes),
                audit: audit(.init(slot: slot.slotID, grantee: userName, role: role, caseID: caseID), reason: reason)
            ).draft())
            let alreadyMember = subject.caseRoles[caseID] != nil
            if !alreadyMember {
                // Its audit part repeats the recovery.used one's (FORMAT §7.4).
                try transaction.append(CaseGrantedEvent(
                    publicPart: .init(user: grantee.id, role: role, keyGeneration: Int(current), generations: sealed,
                                      envelopes: envelopes),
                    audit: audit(.init(grantee: userName, role: role, slot: slot.slotID, caseID: caseID), reason: reason)
                ).draft(caseID: caseID))
            }
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }
}
