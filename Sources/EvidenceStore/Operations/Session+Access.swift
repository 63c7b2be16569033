import Foundation
import GRDB

/// Access control: the acting user as the ledger describes them, the policy in force, and
/// the one authorisation step every command goes through.
extension Session {
    /// The newest policy the ledger recorded.
    public func currentPolicy() throws -> (policy: Policy, hash: String, seq: Int64) {
        let row = try catalog.database.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash, text FROM policies ORDER BY seq DESC LIMIT 1")
        }
        guard let row, let text: String = row["text"] else {
            throw EvidenceError(.data, "The ledger records no access policy; this repository cannot be used until an administrator applies one.")
        }
        do {
            return (try Policy.parse(text), row["hash"], row["seq"])
        } catch let error as PolicyError {
            throw EvidenceError(.data, "The policy recorded in the ledger does not validate (\(error.description.replacingOccurrences(of: "\n", with: "; "))).")
        }
    }

    /// A user as the ledger describes them: roles, clearance, memberships.
    public func accessSubject(userID: String) throws -> AccessSubject? {
        try catalog.database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, roles, clearance, disabled_seq FROM users WHERE id = ?",
                                             arguments: [userID]) else { return nil }
            let rolesText: String? = row["roles"]
            let roles = rolesText.flatMap { try? JSONParser.parse(Array($0.utf8)).arrayValue }?.compactMap(\.stringValue) ?? []
            var caseRoles: [String: String] = [:]
            for member in try Row.fetchAll(db, sql: """
                SELECT case_id, role FROM case_members WHERE user_id = ? AND revoked_seq IS NULL ORDER BY granted_seq
                """, arguments: [userID]) {
                caseRoles[member["case_id"]] = member["role"]
            }
            let disabled: Int64? = row["disabled_seq"]
            return AccessSubject(userID: userID, name: (row["name"] as String?) ?? userID, roles: Set(roles),
                                 clearance: row["clearance"], disabled: disabled != nil, caseRoles: caseRoles)
        }
    }

    /// The signed-in user as an access subject.
    public func subject() throws -> AccessSubject {
        guard let subject = try accessSubject(userID: user.id) else {
            throw EvidenceError(.data, "The ledger does not describe \(user.name); run evidence verify.")
        }
        return subject
    }

    /// The access target for a case, from the catalog.
    func target(for record: CaseRecord) -> AccessTarget {
        .case(id: record.id, reference: record.reference ?? record.id,
              classification: Classification(rawValue: record.classification ?? "") ?? .secret)
    }

    func target(for item: ItemRecord, in caseRecord: CaseRecord) -> AccessTarget {
        let caseClassification = Classification(rawValue: caseRecord.classification ?? "") ?? .secret
        return .item(id: item.id, caseID: caseRecord.id, caseReference: caseRecord.reference ?? caseRecord.id,
                     caseClassification: caseClassification,
                     classification: Classification(rawValue: item.classification ?? "") ?? caseClassification,
                     sensitive: item.sensitive ?? false)
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
                throw EvidenceError(.usage, "To \(action.rawValue.replacingOccurrences(of: "-", with: " ")) you must say why: give --reason TEXT (it is recorded in the audit log).")
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
            let transaction = try LedgerTransaction(session: self, wait: wait)
            var audit = auditBase(reason: nil)
            audit["action"] = .string(action.rawValue)
            audit["target"] = .string(requested)
            audit["outcome"] = .string(decision.outcome.rawValue)
            audit["rule"] = .string(decision.rule)
            do {
                try transaction.append(EventDraft(type: EventType.accessDenied, auditPart: audit))
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
