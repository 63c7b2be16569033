/// Who is acting, as the ledger describes them.
public struct AccessSubject: Sendable, Equatable {
    public var userID: String
    public var name: String
    /// The roles the user holds (from `evidence user add --role`).
    public var roles: Set<String>
    public var clearance: String?
    public var disabled: Bool
    /// The user's role in each case they are a member of (from `evidence case grant`).
    public var caseRoles: [String: String]

    public init(userID: String, name: String, roles: Set<String>, clearance: String?, disabled: Bool = false,
                caseRoles: [String: String] = [:]) {
        self.userID = userID
        self.name = name
        self.roles = roles
        self.clearance = clearance
        self.disabled = disabled
        self.caseRoles = caseRoles
    }
}

/// What an action is done to.
public enum AccessTarget: Sendable, Equatable {
    case repository
    case `case`(id: String, reference: String, classification: Classification)
    case item(id: String, caseID: String, caseReference: String, caseClassification: Classification,
              classification: Classification, sensitive: Bool)

    var caseID: String? {
        switch self {
        case .repository: return nil
        case .case(let id, _, _): return id
        case .item(_, let caseID, _, _, _, _): return caseID
        }
    }

    /// How a refusal names the target.
    public var label: String {
        switch self {
        case .repository: return "this repository"
        case .case(_, let reference, _): return "case \(reference)"
        case .item(let id, _, _, _, _, _): return "item \(id)"
        }
    }
}

/// The outcome of one authorisation, with the rule that decided it (`policy explain`).
public struct AccessDecision: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case allowed
        /// Visible, but the action is not permitted: refused with exit 77.
        case denied
        /// Not visible to this user: reported exactly as if it did not exist (exit 66).
        case invisible
    }

    public let outcome: Outcome
    /// One sentence: which rule allowed or refused.
    public let rule: String
    /// The policy wants a --reason for this action.
    public let reasonRequired: Bool

    public var allowed: Bool { outcome == .allowed }
}

/// The one function that decides every action of the CLI (and later the server).
public enum Authorizer {
    public static func decide(_ subject: AccessSubject, _ action: Action, _ target: AccessTarget,
                              policy: Policy) -> AccessDecision {
        let reason = policy.reasonRequired.contains(action)
        func result(_ outcome: AccessDecision.Outcome, _ rule: String) -> AccessDecision {
            AccessDecision(outcome: outcome, rule: rule, reasonRequired: reason)
        }
        if subject.disabled {
            return result(.denied, "\(subject.name) is disabled")
        }

        // Visibility first: membership, clearance, sensitive material.
        var caseRole: String?
        switch target {
        case .repository:
            break
        case .case(_, let reference, let classification):
            guard let role = subject.caseRoles[target.caseID ?? ""] else {
                return result(.invisible, "\(subject.name) is not a member of case \(reference)")
            }
            guard policy.clearanceAllows(subject.clearance, classification) else {
                return result(.invisible, "case \(reference) is \(classification.rawValue), above \(subject.name)'s clearance \(subject.clearance ?? "(none)")")
            }
            caseRole = role
        case .item(let id, _, let reference, let caseClassification, let classification, let sensitive):
            guard let role = subject.caseRoles[target.caseID ?? ""] else {
                return result(.invisible, "\(subject.name) is not a member of case \(reference)")
            }
            guard policy.clearanceAllows(subject.clearance, caseClassification) else {
                return result(.invisible, "case \(reference) is \(caseClassification.rawValue), above \(subject.name)'s clearance \(subject.clearance ?? "(none)")")
            }
            guard policy.clearanceAllows(subject.clearance, classification) else {
                return result(.invisible, "item \(id) is \(classification.rawValue), above \(subject.name)'s clearance \(subject.clearance ?? "(none)")")
            }
            if sensitive && !policy.sensitiveRoles.contains(role) {
                return result(.invisible, "item \(id) is sensitive material, which the role \(role) does not see")
            }
            caseRole = role
        }

        // Then permission.
        if action.isRepositoryLevel {
            let granting = subject.roles.sorted().first { policy.role($0)?.actions.contains(action) == true }
            if let granting {
                return result(.allowed, "the role \(granting) may \(action.rawValue)")
            }
            return result(.denied, "none of \(subject.name)'s roles (\(subject.roles.sorted().joined(separator: ", "))) may \(action.rawValue)")
        }
        guard let caseRole else {
            return result(.denied, "\(action.rawValue) is done in a case, and no case was named")
        }
        guard let role = policy.role(caseRole), role.scope == .case else {
            return result(.denied, "the role \(caseRole) is not a case role of the policy in force")
        }
        if role.actions.contains(action) {
            return result(.allowed, "the role \(caseRole) in \(target.label) may \(action.rawValue)")
        }
        return result(.denied, "the role \(caseRole) in \(target.label) may not \(action.rawValue)")
    }
}
