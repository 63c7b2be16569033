import Foundation
import Testing
@testable import EvidenceStore

/// The table of AuthorizerTableTests run through a real repository: every role × action ×
/// (member or not) × (classification below, at or above a BPSS clearance) × (sensitive or
/// not), by users the ledger describes, through `Session.authorize` (the one step every command
/// goes through). Each row must give the expected outcome as the error the user sees (none,
/// 66 "does not exist", or 77), and the ledger must then hold exactly one access.denied event
/// per refused row, in order, by that user, naming the action, the outcome and a rule, and
/// nothing for an allowed row.
@Suite struct AuthorizerLedgerTableTests {
    static let passphrase = "table passphrase"

    @Test func everyRowGivesItsOutcomeAndItsLedgerEvent() throws {
        let dir = try UnitTempDir("authorizer-ledger")
        defer { dir.remove() }
        let repo = dir.file("repo")
        let state = dir.file("state")
        _ = try RepositoryInitializer.run(.init(
            path: repo, stateRoot: state, userName: "admin", passphrase: Self.passphrase,
            recoveryPassphrase: "a recovery passphrase", kdfCost: 10, host: "test.example", chunkSize: 4096))
        let admin = try Session.open(repositoryPath: repo, stateRoot: state, userName: "admin", passphrase: Self.passphrase)
        func enrol(_ name: String, roles: [String], clearance: String) throws -> Session {
            let invitation = try admin.addUser(name: name, roles: roles, clearance: clearance, kdfCost: 10, reason: nil, wait: 5)
            return try Session.enrol(repositoryPath: repo, stateRoot: state, name: name, code: invitation.code,
                                     passphrase: Self.passphrase, kdfCost: 10, wait: 5)
        }
        let sio = try enrol("sio", roles: ["senior-investigating-officer"], clearance: "SC")
        let memberCase = try sio.createCase(reference: "TABLE/M", title: "member", classification: .official, reason: nil, wait: 5)
        let otherCase = try sio.createCase(reference: "TABLE/N", title: "not a member", classification: .official,
                                           reason: nil, wait: 5)

        // One BPSS user per role, a member of TABLE/M in that role where the role is a case role.
        var sessions: [String: Session] = [:]
        for role in AuthorizerTableTests.permitted.keys.sorted() {
            _ = try enrol("u-\(role)", roles: [role], clearance: "BPSS")
        }
        // A session reads the ledger as it was when it opened: the granting one opens after the enrolments.
        let granting = try Session.open(repositoryPath: repo, stateRoot: state, userName: "sio", passphrase: Self.passphrase)
        for role in AuthorizerTableTests.permitted.keys.sorted() where AuthorizerTableTests.caseRoles.contains(role) {
            try granting.grant(caseReference: "TABLE/M", userName: "u-\(role)", role: role, reason: nil, wait: 5)
        }
        for role in AuthorizerTableTests.permitted.keys.sorted() {
            sessions[role] = try Session.open(repositoryPath: repo, stateRoot: state, userName: "u-\(role)",
                                              passphrase: Self.passphrase)
        }

        struct Denial: Equatable, CustomStringConvertible {
            let actor: String
            let action: String
            let outcome: String
            var description: String { "\(actor) \(action) \(outcome)" }
        }
        var expectedDenials: [Denial] = []
        var rows = 0
        for row in AuthorizerTableTests.rows {
            let session = try #require(sessions[row.role])
            let caseRecord = row.member ? memberCase : otherCase
            let target: AccessTarget = row.action.isRepositoryLevel
                ? .repository
                : .item(id: "itm_TABLE", caseID: caseRecord.id, caseReference: caseRecord.reference ?? caseRecord.id,
                        caseClassification: .official, classification: AuthorizerTableTests.classification(row.level),
                        sensitive: row.sensitive)
            let expected = AuthorizerTableTests.expected(row)
            var thrown: EvidenceError?
            do {
                try session.authorize(row.action, target, reason: "the authorisation table", wait: 5)
            } catch let error as EvidenceError {
                thrown = error
            }
            switch expected {
            case .allowed:
                #expect(thrown == nil, "\(row): \(String(describing: thrown))")
            case .invisible:
                #expect(thrown?.kind == .noInput, "\(row): \(String(describing: thrown))")
                #expect(thrown?.message.contains("itm_TABLE") == true, "\(row)")
                expectedDenials.append(Denial(actor: session.user.id, action: row.action.rawValue, outcome: "invisible"))
            case .denied:
                #expect(thrown?.kind == .denied, "\(row): \(String(describing: thrown))")
                expectedDenials.append(Denial(actor: session.user.id, action: row.action.rawValue, outcome: "denied"))
            }
            rows += 1
        }
        #expect(rows == AuthorizerTableTests.rows.count)
        print("[authorizer-ledger] \(rows) rows, \(expectedDenials.count) refusals recorded")
        #expect(expectedDenials.count > 0 && expectedDenials.count < rows)

        // The auditor, given the audit key through the recovery key, opens the audit parts.
        let administrator = try Session.open(repositoryPath: repo, stateRoot: state, userName: "admin", passphrase: Self.passphrase)
        try administrator.recoverAuditAccess(recoveryPassphrase: "a recovery passphrase", userName: "u-auditor",
                                             reason: "the authorisation table", wait: 5)
        let auditor = try Session.open(repositoryPath: repo, stateRoot: state, userName: "u-auditor", passphrase: Self.passphrase)
        let recorded = try auditor.log(itemID: nil).filter { $0.type == EventType.accessDenied }.map { entry -> Denial in
            let audit = (try? JSONParser.parse(Array((entry.auditJSON ?? "").utf8)).objectValue) ?? [:]
            let rule = audit["rule"]?.stringValue ?? ""
            let target = audit["target"]?.stringValue ?? ""
            #expect(rule.isEmpty == false, "seq \(entry.seq) names no rule")
            #expect(target.isEmpty == false, "seq \(entry.seq) names no target")
            return Denial(actor: entry.actor, action: audit["action"]?.stringValue ?? "?",
                          outcome: audit["outcome"]?.stringValue ?? "?")
        }
        #expect(recorded.count == expectedDenials.count)
        #expect(recorded == expectedDenials, "the ledger's refusals differ from the table's")
    }
}
