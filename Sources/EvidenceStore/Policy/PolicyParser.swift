import Yams

/// A policy that does not validate: every problem with the line it is on.
public struct PolicyError: Error, CustomStringConvertible, Equatable {
    public struct Problem: Equatable, Sendable {
        public let line: Int?
        public let message: String
    }

    public let problems: [Problem]

    public var description: String {
        problems.map { problem in problem.line.map { "line \($0): \(problem.message)" } ?? problem.message }
            .joined(separator: "\n")
    }
}

extension Policy {
    /// The most a policy text may hold (it is recorded whole in a ledger entry).
    public static let maxTextBytes = 32 * 1024

    /// Parses and validates policy YAML, collecting every problem with its line number.
    public static func parse(_ text: String) throws -> Policy {
        var problems: [PolicyError.Problem] = []
        func fail(_ node: Node?, _ message: String) { problems.append(.init(line: node?.mark?.line, message: message)) }
        guard text.utf8.count <= maxTextBytes else {
            throw PolicyError(problems: [.init(line: nil, message: "a policy is limited to \(maxTextBytes) bytes")])
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw PolicyError(problems: [.init(line: nil, message: "the policy is empty")])
            }
            root = composed
        } catch let error as YamlError {
            throw PolicyError(problems: [Self.problem(from: error)])
        }
        guard let top = root.mapping else { throw PolicyError(problems: [.init(line: root.mark?.line, message: "the policy must be a mapping of keys to values")]) }

        var policy = Policy(version: 0, clearances: [:], reasonRequired: [], sensitiveRoles: [], roles: [:])
        var sensitiveNode: Node?
        var seen: Set<String> = []
        for (keyNode, value) in top {
            guard let key = keyNode.string else { fail(keyNode, "keys must be plain words"); continue }
            seen.insert(key)
            switch key {
            case "version":
                if value.int != 1 { fail(value, "version must be 1") } else { policy.version = 1 }
            case "clearances":
                guard let mapping = value.mapping else { fail(value, "clearances must map each clearance to a list of classifications"); continue }
                for (name, list) in mapping {
                    guard let clearance = name.string, ["BPSS", "SC", "DV"].contains(clearance) else {
                        fail(name, "unknown clearance \(name.string ?? "?") (expected BPSS, SC or DV)")
                        continue
                    }
                    var classifications: Set<Classification> = []
                    for item in strings(list, fail: fail, what: "the classifications of \(clearance)") {
                        guard let classification = Classification(rawValue: item.value) else {
                            fail(item.node, "unknown classification \(item.value) (expected OFFICIAL, OFFICIAL-SENSITIVE or SECRET)")
                            continue
                        }
                        classifications.insert(classification)
                    }
                    policy.clearances[clearance] = classifications
                }
            case "reason-required":
                for item in strings(value, fail: fail, what: "reason-required") {
                    guard let action = Action(rawValue: item.value) else { fail(item.node, "unknown action \(item.value)"); continue }
                    policy.reasonRequired.insert(action)
                }
            case "sensitive-material":
                sensitiveNode = value
                policy.sensitiveRoles = Set(strings(value, fail: fail, what: "sensitive-material").map(\.value))
            case "roles":
                guard let mapping = value.mapping else { fail(value, "roles must map each role name to its scope and actions"); continue }
                for (nameNode, body) in mapping {
                    guard let name = nameNode.string, !name.isEmpty else { fail(nameNode, "a role needs a name"); continue }
                    if let role = parseRole(name: name, body: body, fail: fail) { policy.roles[name] = role }
                }
            default:
                fail(keyNode, "unknown key \(key) (expected version, clearances, reason-required, sensitive-material or roles)")
            }
        }
        for required in ["version", "clearances", "roles"] where !seen.contains(required) {
            fail(root, "the policy has no \(required)")
        }
        for clearance in ["BPSS", "SC", "DV"] where seen.contains("clearances") && policy.clearances[clearance] == nil {
            fail(root, "clearance \(clearance) is not defined")
        }
        for role in policy.sensitiveRoles where policy.roles[role] == nil {
            fail(sensitiveNode, "sensitive-material names \(role), which is not a role")
        }
        let managers = policy.roles.values.filter { $0.scope == .repository && $0.actions.contains(.manageUsers) }
        if !managers.contains(where: { $0.actions.contains(.applyPolicy) }) && seen.contains("roles") {
            fail(root, "no repository role may both manage users and apply a policy; such a policy could never be changed again")
        }
        if !problems.isEmpty { throw PolicyError(problems: problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }) }
        return policy
    }

    private static func parseRole(name: String, body: Node, fail: (Node?, String) -> Void) -> Role? {
        guard let mapping = body.mapping else {
            fail(body, "role \(name) must have a scope and actions")
            return nil
        }
        var scope: Scope?
        var actions: Set<Action> = []
        var actionNodes: [(node: Node, action: Action)] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "scope":
                guard let parsed = value.string.flatMap(Scope.init(rawValue:)) else {
                    fail(value, "the scope of \(name) must be repository or case")
                    continue
                }
                scope = parsed
            case "actions":
                for item in strings(value, fail: fail, what: "the actions of \(name)") {
                    guard let action = Action(rawValue: item.value) else { fail(item.node, "unknown action \(item.value) for \(name)"); continue }
                    actions.insert(action)
                    actionNodes.append((item.node, action))
                }
            default:
                fail(keyNode, "unknown key \(keyNode.string ?? "?") in role \(name) (expected scope and actions)")
            }
        }
        guard let scope else {
            fail(body, "role \(name) has no scope")
            return nil
        }
        if scope == .repository {
            for entry in actionNodes where !entry.action.isRepositoryLevel {
                fail(entry.node, "\(entry.action.rawValue) is a case action; role \(name) has repository scope and no case to do it in")
            }
        }
        return Role(name: name, scope: scope, actions: actions)
    }

    /// A list of strings (block or flow sequence), each with its node for error lines.
    private static func strings(_ node: Node, fail: (Node?, String) -> Void, what: String) -> [(node: Node, value: String)] {
        guard let sequence = node.sequence else {
            fail(node, "\(what) must be a list")
            return []
        }
        return sequence.compactMap { item in
            guard let value = item.string, !value.isEmpty else {
                fail(item, "\(what) must hold plain words")
                return nil
            }
            return (item, value)
        }
    }

    private static func problem(from error: YamlError) -> PolicyError.Problem {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return .init(line: mark.line, message: "not valid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return .init(line: context.mark.line, message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            return .init(line: nil, message: "not valid YAML: \(error)")
        }
    }
}
