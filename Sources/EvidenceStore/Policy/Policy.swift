/// An access policy: roles and their actions, clearances, which actions need a reason,
/// and who sees sensitive material. Parsed from YAML (`Policies/default.yaml`), recorded
/// in the ledger by `evidence policy apply`, and enforced from the newest record only.
public struct Policy: Sendable, Equatable {
    public enum Scope: String, Sendable {
        /// The role acts on the repository as a whole (administrator, auditor).
        case repository
        /// The role acts in the cases a user was granted it in.
        case `case`
    }

    public struct Role: Sendable, Equatable {
        public let name: String
        public let scope: Scope
        public let actions: Set<Action>
    }

    public var version: Int
    /// Clearance name → classifications its holders may see.
    public var clearances: [String: Set<Classification>]
    public var reasonRequired: Set<Action>
    /// Case roles that see material marked sensitive (MG6D).
    public var sensitiveRoles: Set<String>
    public var roles: [String: Role]

    public func role(_ name: String) -> Role? { roles[name] }

    public func clearanceAllows(_ clearance: String?, _ classification: Classification) -> Bool {
        guard let clearance, let allowed = clearances[clearance] else { return false }
        return allowed.contains(classification)
    }
}

/// Everything a user can ask to do. Repository-level actions are decided on the user's
/// roles; the others on the user's role in the case concerned.
public enum Action: String, CaseIterable, Sendable, Comparable, Codable {
    case createCase = "create-case"
    case grantMembership = "grant-membership"
    case addItem = "add-item"
    case viewMetadata = "view-metadata"
    case amendMetadata = "amend-metadata"
    case readContent = "read-content"
    case export
    case search
    case recordCustody = "record-custody"
    case recordDisclosure = "record-disclosure"
    case produceSchedules = "produce-schedules"
    case verify
    case audit
    case manageUsers = "manage-users"
    case applyPolicy = "apply-policy"
    case dispose

    /// Actions that concern the repository rather than one case.
    public var isRepositoryLevel: Bool {
        switch self {
        case .createCase, .verify, .audit, .manageUsers, .applyPolicy: return true
        default: return false
        }
    }

    /// How a refusal describes the action: "You may not <phrase> …".
    public var phrase: String {
        switch self {
        case .createCase: return "create cases"
        case .grantMembership: return "grant or revoke membership of"
        case .addItem: return "add items to"
        case .viewMetadata: return "view"
        case .amendMetadata: return "amend"
        case .readContent: return "read the content of"
        case .export: return "export"
        case .search: return "search"
        case .recordCustody: return "record custody of"
        case .recordDisclosure: return "record disclosure decisions on"
        case .produceSchedules: return "produce schedules for"
        case .verify: return "verify this repository"
        case .audit: return "audit this repository"
        case .manageUsers: return "manage users and keys"
        case .applyPolicy: return "apply a policy"
        case .dispose: return "dispose of"
        }
    }

    public static func < (lhs: Action, rhs: Action) -> Bool { lhs.rawValue < rhs.rawValue }
}
