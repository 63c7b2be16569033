import Foundation

/// Access control: the acting user as the ledger describes them, the policy in force, and
/// the one authorisation step every command goes through.
extension Session {
    /// The newest policy the ledger recorded by a valid entry (from the replayed authority
    /// state: a policy row edited in the catalog changes nothing).
    public func currentPolicy() throws -> (policy: Policy, hash: String, seq: Int64) {
        guard let record = authority.policy else {
            throw EvidenceError(.data, "The ledger records no access policy; this repository cannot be used until an administrator applies one.")
        }
        return (record.policy, record.hash, Int64(record.seq))
    }

    /// A user as the ledger describes them: roles, clearance, memberships, disabled state.
    public func accessSubject(userID: String) throws -> AccessSubject? {
        guard var subject = authority.subject(userID) else { return nil }
        if authority.users[userID]?.name == nil, let name = try catalogUserName(userID) { subject.name = name }
        return subject
    }

    /// A user's name as the catalog has it, for users whose name the state does not carry.
    func catalogUserName(_ userID: String) throws -> String? {
        try catalog.userName(id: userID)
    }

    /// The signed-in user as an access subject.
    public func subject() throws -> AccessSubject {
        guard let subject = try accessSubject(userID: user.id) else {
            throw EvidenceError(.data, "The ledger does not describe \(user.name); run evidence verify.")
        }
        return subject
    }

    /// The access target for a case: its classification from the ledger's valid entries, its
    /// reference (for messages) from the catalog. A case the state does not know is treated
    /// as SECRET with no members, so nobody may see it.
    func target(for record: CaseRecord) -> AccessTarget {
        authority.target(caseID: record.id, reference: record.reference)
            ?? .case(id: record.id, reference: record.reference ?? record.id, classification: .secret)
    }

    func target(for item: ItemRecord, in caseRecord: CaseRecord) -> AccessTarget {
        // An item whose state cannot be read is treated as SECRET and sensitive (refused).
        if let known = try? authority.target(itemID: item.id, caseReference: caseRecord.reference),
           authority.items.readableItem(item.id)?.caseID == caseRecord.id {
            return known
        }
        return .item(id: item.id, caseID: caseRecord.id, caseReference: caseRecord.reference ?? caseRecord.id,
                     caseClassification: .secret, classification: .secret, sensitive: true)
    }

    /// Decides `action` on `target` for the signed-in user. Refusals are recorded in the
    /// ledger (audit part) and thrown as the sentence the user sees: "does not exist" (66)
    /// for what they may not see, "may not" (77) for what they may not do.
    public func authorize(_ action: Action, _ target: AccessTarget, reason: String?, wait: Double,
                          requested: String? = nil) throws {
        let policy = try currentPolicy().policy
        let decision = Authorizer.decide(try subject(), action, target, policy: policy)
        switch decision.outcome {
        case .allowed:
            if decision.reasonRequired && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                let what = action.rawValue.replacingOccurrences(of: "-", with: " ")
                throw EvidenceError(.usage, field: .reason, "To \(what) you must say why: give \(option: .reason) (it is recorded in the audit log).")
            }
        case .invisible:
            recordDenial(action: action, requested: requested ?? target.label, decision: decision, wait: wait)
            throw Self.notFound(target, requested: requested)
        case .denied:
            recordDenial(action: action, requested: requested ?? target.label, decision: decision, wait: wait)
            throw EvidenceError(.denied, "You may not \(action.phrase)\(action.isRepositoryLevel ? "" : " \(target.label)"): \(decision.rule).")
        }
    }

    /// The one sentence for anything a user may not see, identical to "it does not exist".
    static func notFound(_ target: AccessTarget, requested: String?) -> EvidenceError {
        switch target {
        case .item(let id, _, _, _, _, _): return .noSuchItem(requested ?? id)
        case .case(_, let reference, _): return .noSuchCase(requested ?? reference)
        case .repository: return EvidenceError(.noInput, "No such thing exists in this repository.")
        }
    }

    /// A lookup that found nothing (or nothing this user may see): refused and recorded the
    /// same way as an invisible target, so the ledger does not tell them apart either.
    func refuseMissing(_ action: Action, requested: String, isItem: Bool, wait: Double) -> EvidenceError {
        let decision = AccessDecision(outcome: .invisible, rule: "nothing visible is named \(requested)", reasonRequired: false)
        recordDenial(action: action, requested: requested, decision: decision, wait: wait)
        return isItem ? .noSuchItem(requested) : .noSuchCase(requested)
    }

    /// Every refusal is an event; if the ledger is busy the refusal still stands.
    func recordDenial(action: Action, requested: String, decision: AccessDecision, wait: Double) {
        do {
            let transaction = try LedgerTransaction(session: self, wait: wait, shareable: true)
            let denial = AccessDeniedEvent(audit: audit(.init(action: action.rawValue, target: requested,
                                                              outcome: decision.outcome.rawValue, rule: decision.rule),
                                                        reason: nil))
            do {
                try transaction.append(denial.draft())
                try transaction.finish()
            } catch {
                transaction.abandon()
                throw error
            }
        } catch {
            logger.warning("a refusal could not be recorded in the ledger", metadata: ["error": "\(error)"])
        }
    }
}
