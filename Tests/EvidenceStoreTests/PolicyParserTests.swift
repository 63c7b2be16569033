import Foundation
import Testing
@testable import EvidenceStore

/// The policy language: the default validates and equals Policies/default.yaml; malformed
/// policies are refused with every problem on its line.
@Suite struct PolicyParserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theBuiltInDefaultIsPoliciesDefaultYAML() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("Policies/default.yaml"), encoding: .utf8)
        #expect(Policy.defaultText + "\n" == file, "run scripts/embed-default-policy.sh after editing Policies/default.yaml")
    }

    @Test func theDefaultPolicyValidatesAndNamesTheSevenRoles() throws {
        let policy = try Policy.parse(Policy.defaultText)
        for role in ["investigator", "exhibits-officer", "disclosure-officer", "prosecutor", "senior-investigating-officer",
                     "auditor", "administrator"] {
            #expect(policy.role(role) != nil, "\(role) missing")
        }
        #expect(policy.role("administrator")?.scope == .repository)
        #expect(policy.role("auditor")?.actions.contains(.readContent) == false)
        #expect(policy.role("administrator")?.actions.contains(.readContent) == false)
        #expect(policy.reasonRequired == [.readContent, .export, .search])
        #expect(policy.clearanceAllows("BPSS", .officialSensitive))
        #expect(!policy.clearanceAllows("BPSS", .secret))
        #expect(policy.clearanceAllows("SC", .secret))
        #expect(policy.clearanceAllows("DV", .secret))
        // An action no role holds could never be performed.
        let given = Set(policy.roles.values.flatMap(\.actions))
        #expect(given == Set(Action.allCases), "actions no role has: \(Set(Action.allCases).subtracting(given))")
    }

    /// Each malformed policy, and the line its first problem must be reported on.
    static let malformed: [(String, String, Int?)] = [
        ("not YAML", "version: 1\nroles: [unclosed\nclearances: x\n", 3),
        ("unknown action", """
            version: 1
            clearances: {BPSS: [OFFICIAL], SC: [OFFICIAL], DV: [OFFICIAL]}
            roles:
              administrator: {scope: repository, actions: [manage-users, apply-policy]}
              investigator:
                scope: case
                actions: [read-content, fly]
            """, 7),
        ("unknown top-level key", "version: 1\nclearences: {}\n", 2),
        ("repository role with a case action", """
            version: 1
            clearances: {BPSS: [OFFICIAL], SC: [OFFICIAL], DV: [OFFICIAL]}
            roles:
              administrator:
                scope: repository
                actions: [manage-users, apply-policy, read-content]
            """, 6),
        ("sensitive-material names no role", """
            version: 1
            clearances: {BPSS: [OFFICIAL], SC: [OFFICIAL], DV: [OFFICIAL]}
            sensitive-material: [disclosure-officer]
            roles:
              administrator: {scope: repository, actions: [manage-users, apply-policy]}
            """, 3),
        ("unknown classification", """
            version: 1
            clearances: {BPSS: [OFFICIAL, TOP-SECRET], SC: [OFFICIAL], DV: [OFFICIAL]}
            roles:
              administrator: {scope: repository, actions: [manage-users, apply-policy]}
            """, 2),
        ("a missing clearance", """
            version: 1
            clearances: {BPSS: [OFFICIAL]}
            roles:
              administrator: {scope: repository, actions: [manage-users, apply-policy]}
            """, 1),
        ("nobody can manage users and apply a policy", """
            version: 1
            clearances: {BPSS: [OFFICIAL], SC: [OFFICIAL], DV: [OFFICIAL]}
            roles:
              administrator: {scope: repository, actions: [manage-users]}
            """, 1),
        ("wrong version", "version: 2\nclearances: {BPSS: [OFFICIAL], SC: [OFFICIAL], DV: [OFFICIAL]}\nroles: {}\n", 1),
        ("role without scope", """
            version: 1
            clearances: {BPSS: [OFFICIAL], SC: [OFFICIAL], DV: [OFFICIAL]}
            roles:
              administrator: {scope: repository, actions: [manage-users, apply-policy]}
              investigator: {actions: [read-content]}
            """, 5),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedPoliciesAreRefusedWithTheirLine(index: Int) throws {
        let (name, text, line) = Self.malformed[index]
        do {
            _ = try Policy.parse(text)
            Issue.record("\(name): accepted")
        } catch let error as PolicyError {
            #expect(!error.problems.isEmpty, "\(name)")
            #expect(error.problems.contains { $0.line == line }, "\(name): \(error.problems)")
            #expect(error.description.contains("line"), "\(name): \(error.description)")
        }
    }

    @Test func aHugePolicyIsRefusedBeforeParsing() {
        let text = "version: 1\n" + String(repeating: "# padding\n", count: 5000)
        #expect(throws: PolicyError.self) { try Policy.parse(text) }
    }
}
