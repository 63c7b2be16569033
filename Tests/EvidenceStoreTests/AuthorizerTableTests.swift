import Testing
@testable import EvidenceStore

/// Every role × every action × (member or not) × (classification below, at or above the
/// clearance) × (sensitive or not), decided by the default policy and compared with the access
/// rules (roles, membership, clearance, sensitive material) worked out here independently.
@Suite struct AuthorizerTableTests {
    static let policy: Policy = {
        do { return try Policy.parse(Policy.defaultText) } catch { fatalError("the default policy must parse: \(error)") }
    }()

    /// The default policy's grants, restated by hand (the expected answers).
    static let permitted: [String: Set<Action>] = [
        "administrator": [.manageUsers, .applyPolicy, .verify],
        "auditor": [.audit, .verify],
        "senior-investigating-officer": [.createCase, .grantMembership, .addItem, .viewMetadata, .amendMetadata, .readContent,
                                         .export, .search, .recordCustody, .recordDisclosure, .produceSchedules, .verify],
        "investigator": [.createCase, .addItem, .viewMetadata, .amendMetadata, .readContent, .search, .recordCustody, .verify],
        "exhibits-officer": [.addItem, .viewMetadata, .amendMetadata, .recordCustody, .dispose, .verify],
        "disclosure-officer": [.viewMetadata, .readContent, .export, .search, .recordDisclosure, .produceSchedules, .verify],
        "prosecutor": [.viewMetadata, .readContent, .search, .recordDisclosure, .verify],
    ]
    static let caseRoles: Set<String> = ["senior-investigating-officer", "investigator", "exhibits-officer",
                                          "disclosure-officer", "prosecutor"]
    static let seesSensitive: Set<String> = ["disclosure-officer", "senior-investigating-officer", "prosecutor"]

    enum Level: CaseIterable { case below, at, above }

    /// A BPSS user sees OFFICIAL(-SENSITIVE) only: "below/at/above" their clearance.
    static func classification(_ level: Level) -> Classification {
        switch level {
        case .below: return .official
        case .at: return .officialSensitive
        case .above: return .secret
        }
    }

    struct Row: CustomStringConvertible {
        let role: String
        let action: Action
        let member: Bool
        let level: Level
        let sensitive: Bool
        var description: String { "\(role) \(action.rawValue) member=\(member) \(level) sensitive=\(sensitive)" }
    }

    static var rows: [Row] {
        var rows: [Row] = []
        for role in permitted.keys.sorted() {
            for action in Action.allCases {
                for member in [true, false] {
                    for level in Level.allCases {
                        for sensitive in [false, true] {
                            rows.append(Row(role: role, action: action, member: member, level: level, sensitive: sensitive))
                        }
                    }
                }
            }
        }
        return rows
    }

    /// The outcome the access rules give for a row (for a BPSS user).
    static func expected(_ row: Row) -> AccessDecision.Outcome {
        if row.action.isRepositoryLevel {
            // Repository actions depend on the role alone.
            return permitted[row.role, default: []].contains(row.action) ? .allowed : .denied
        }
        if !(row.member && caseRoles.contains(row.role)) || row.level == .above
            || (row.sensitive && !seesSensitive.contains(row.role)) {
            return .invisible
        }
        return permitted[row.role, default: []].contains(row.action) ? .allowed : .denied
    }

    @Test func everyRoleActionMembershipClassificationAndSensitivity() {
        var checked = 0
        for row in Self.rows {
            let subject = AccessSubject(userID: "usr_X", name: "x", roles: [row.role], clearance: "BPSS",
                                        caseRoles: row.member && Self.caseRoles.contains(row.role) ? ["case_C": row.role] : [:])
            let target: AccessTarget = row.action.isRepositoryLevel
                ? .repository
                : .item(id: "itm_I", caseID: "case_C", caseReference: "C/1", caseClassification: .official,
                        classification: Self.classification(row.level), sensitive: row.sensitive)
            let decision = Authorizer.decide(subject, row.action, target, policy: Self.policy)
            #expect(decision.outcome == Self.expected(row), "\(row): \(decision.rule)")
            #expect(decision.reasonRequired == [Action.readContent, .export, .search].contains(row.action), "\(row)")
            #expect(!decision.rule.isEmpty)
            checked += 1
        }
        #expect(checked == Self.permitted.count * Action.allCases.count * 2 * 3 * 2)
    }

    @Test func aDisabledUserIsRefusedEverything() {
        let subject = AccessSubject(userID: "usr_X", name: "x", roles: ["senior-investigating-officer"], clearance: "DV",
                                    disabled: true, caseRoles: ["case_C": "senior-investigating-officer"])
        for action in Action.allCases {
            let target: AccessTarget = action.isRepositoryLevel ? .repository : .case(id: "case_C", reference: "C", classification: .official)
            #expect(Authorizer.decide(subject, action, target, policy: Self.policy).outcome == .denied, "\(action)")
        }
    }

    @Test func aCaseAboveTheClearanceIsInvisibleEvenToAMember() {
        let subject = AccessSubject(userID: "usr_X", name: "x", roles: ["investigator"], clearance: "BPSS",
                                    caseRoles: ["case_C": "investigator"])
        let target = AccessTarget.case(id: "case_C", reference: "C", classification: .secret)
        #expect(Authorizer.decide(subject, .viewMetadata, target, policy: Self.policy).outcome == .invisible)
        let cleared = AccessSubject(userID: "usr_Y", name: "y", roles: ["investigator"], clearance: "SC",
                                    caseRoles: ["case_C": "investigator"])
        #expect(Authorizer.decide(cleared, .viewMetadata, target, policy: Self.policy).outcome == .allowed)
    }
}
