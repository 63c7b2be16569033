import Foundation

/// Case membership: need-to-know enforced by the policy and by the keys. A grant seals the
/// case key to the new member's public key; a revocation deletes their envelopes; a rekey
/// seals new material of the case under a new key the revoked member never held.
extension Session {
    /// `evidence case grant REF USER --role ROLE`.
    public func grant(caseReference: String, userName: String, role: String, reason: String?, wait: Double) throws {
        let caseRecord = try findCase(caseReference, for: .grantMembership, reason: reason, wait: wait)
        let policy = try currentPolicy().policy
        guard policy.role(role)?.scope == .case else {
            throw EvidenceError(.usage, "\(role) is not a case role of the policy in force.")
        }
        let grantee = try registeredUser(userName)
        guard let subject = try accessSubject(userID: grantee.id), !subject.disabled else {
            throw EvidenceError(.usage, "\(userName) is disabled and cannot be granted membership.")
        }
        guard subject.roles.contains(role) else {
            throw EvidenceError(.usage, "\(userName) does not hold the role \(role) (they hold \(subject.roles.sorted().joined(separator: ", "))).")
        }
        let classification = authority.cases[caseRecord.id]?.classification ?? .secret
        guard policy.clearanceAllows(subject.clearance, classification) else {
            throw EvidenceError(.usage, "\(userName)'s clearance (\(subject.clearance ?? "none")) does not cover this \(classification.rawValue) case.")
        }
        guard subject.caseRoles[caseRecord.id] == nil else {
            throw EvidenceError(.usage, "\(userName) is already a member of case \(caseReference).")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            // Every generation the granter holds, so the new member reads older material too;
            // of each, only the classes the new member may see.
            let current = caseKeyGeneration(caseRecord)
            let visible = KeyClass.visible(to: subject, role: role, caseID: caseRecord.id,
                                           caseClassification: classification, policy: policy)
            var sealed: [Int] = []
            var envelopes: [String: [Int]] = [:]
            for generation in 1...max(current, 1) {
                guard let held = try keys.caseKeyring(caseID: caseRecord.id, generation: generation) else { continue }
                let keyring = try held.restricted(to: visible)
                envelopes[try writeCaseKeyring(keyring, caseID: caseRecord.id, generation: generation,
                                               holder: .user(grantee.id), recipient: grantee.sealingKey)]
                    = KeyClass.publicIndices(keyring.classes)
                sealed.append(Int(generation))
            }
            try transaction.append(CaseGrantedEvent(
                publicPart: .init(user: grantee.id, role: role, keyGeneration: Int(current), generations: sealed,
                                  envelopes: envelopes),
                audit: audit(.init(grantee: userName, role: role, slot: nil, caseID: nil), reason: reason)
            ).draft(caseID: caseRecord.id))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// `evidence case revoke REF USER`: ends the membership and deletes the member's envelopes.
    public func revoke(caseReference: String, userName: String, reason: String?, wait: Double) throws {
        let caseRecord = try findCase(caseReference, for: .grantMembership, reason: reason, wait: wait)
        let member = try registeredUser(userName)
        guard member.id != user.id else { throw EvidenceError(.usage, "You cannot revoke your own membership.") }
        guard try accessSubject(userID: member.id)?.caseRoles[caseRecord.id] != nil else {
            throw EvidenceError(.usage, "\(userName) is not a member of case \(caseReference).")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            try transaction.append(CaseRevokedEvent(publicPart: .init(user: member.id),
                                                    audit: audit(.init(member: userName), reason: reason))
                .draft(caseID: caseRecord.id))
            // Recorded first, then the envelopes go: a crash in between leaves envelopes the
            // ledger no longer grants, which the next revoke or rekey removes.
            try transaction.commit()
            for generation in 1...max(caseKeyGeneration(caseRecord), 1) {
                try FileSystem.remove(repository.file(KeyEnvelope.relativePath(
                    purpose: .caseKey, subject: caseRecord.id, generation: generation, holder: member.id)))
            }
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// `evidence case rekey REF`: a new case key generation, sealed to the recovery key and
    /// the current members; material added from now on is sealed under it.
    public func rekey(caseReference: String, reason: String?, wait: Double) throws -> UInt32 {
        let caseRecord = try findCase(caseReference, for: .grantMembership, reason: reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            let generation = caseKeyGeneration(caseRecord) + 1
            guard generation <= KeyClass.maxGeneration else {
                throw EvidenceError(.usage, "Case \(caseReference) has reached the last key generation (\(KeyClass.maxGeneration)).")
            }
            let policy = try currentPolicy().policy
            let classification = authority.cases[caseRecord.id]?.classification ?? .secret
            // The new generation has keys for the classes the one rekeying may see (§5.4).
            let me = try subject()
            guard let myRole = me.caseRoles[caseRecord.id] else { throw EvidenceError.noSuchCase(caseReference) }
            let keyring = try CaseKeyring.generate(classes: KeyClass.visible(
                to: me, role: myRole, caseID: caseRecord.id, caseClassification: classification, policy: policy))
            var holders = ["recovery"]
            var envelopes: [String: [Int]] = [:]
            envelopes[try writeCaseKeyring(keyring, caseID: caseRecord.id, generation: generation, holder: .recovery,
                                           recipient: view.recoveryPublicKey)] = KeyClass.publicIndices(keyring.classes)
            // Current members as the ledger's valid entries make them, with their registered
            // keys; each receives the classes they may see.
            for (id, role) in (authority.cases[caseRecord.id]?.members ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let member = authority.users[id], !member.isDisabled, let key = member.sealingKey,
                      let memberSubject = authority.subject(id) else { continue }
                let restricted = try keyring.restricted(to: KeyClass.visible(
                    to: memberSubject, role: role, caseID: caseRecord.id, caseClassification: classification, policy: policy))
                envelopes[try writeCaseKeyring(restricted, caseID: caseRecord.id, generation: generation,
                                               holder: .user(id), recipient: key)] = KeyClass.publicIndices(restricted.classes)
                holders.append(id)
            }
            keys.remember(try keyring.restricted(to: KeyClass.visible(
                to: me, role: myRole, caseID: caseRecord.id, caseClassification: classification, policy: policy)),
                caseID: caseRecord.id, generation: generation)
            try transaction.append(CaseRekeyedEvent(
                publicPart: .init(keyGeneration: Int(generation), keyHolders: holders.sorted(), envelopes: envelopes),
                audit: audit(reason: reason)).draft(caseID: caseRecord.id))
            try transaction.finish()
            return generation
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// Seals a case keyring to one holder and writes its envelope; returns the envelope's
    /// `<generation>/<holder>`, the name the entry's public `envelopes` lists its classes under.
    func writeCaseKeyring(_ keyring: CaseKeyring, caseID: String, generation: UInt32, holder: KeyEnvelope.Holder,
                          recipient: [UInt8]) throws -> String {
        try KeyEnvelope.write(keyring.serialised(), root: repository.path, repositoryID: repository.repositoryID,
                              purpose: .caseKey, subject: caseID, generation: generation, holder: holder, recipient: recipient)
        return "\(generation)/\(holder.name)"
    }

    /// The case's current key generation, from the ledger's valid entries.
    func caseKeyGeneration(_ caseRecord: CaseRecord) -> UInt32 {
        UInt32(clamping: authority.cases[caseRecord.id]?.keyGeneration ?? caseRecord.keyGeneration)
    }
}
