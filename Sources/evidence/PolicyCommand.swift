import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check, apply and explain the access policy.",
        subcommands: [PolicyCheckCommand.self, PolicyApplyCommand.self, PolicyExplainCommand.self, PolicyShowCommand.self]
    )

    static func readPolicyFile(_ path: String) throws -> String {
        guard FileSystem.exists(path) else { throw EvidenceError(.noInput, "\(path) does not exist.") }
        let bytes = try FileSystem.read(path, limit: Policy.maxTextBytes + 1)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw EvidenceError(.data, "\(path) is not UTF-8 text.") }
        return text
    }
}

struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a policy file (default: Policies/default.yaml as built in); no repository needed.")

    @Argument(help: "The policy file.")
    var file: String?

    func run() throws {
        try CommandRunner.run {
            let text = try file.map(PolicyCommand.readPolicyFile) ?? Policy.defaultText
            do {
                let policy = try Policy.parse(text)
                Output.line("\(file ?? "the built-in default policy") is valid: \(policy.roles.count) roles.")
            } catch let error as PolicyError {
                for line in error.description.split(separator: "\n") { Output.note("\(file ?? "policy"): \(line)") }
                throw ExitCode(65)
            }
        }
    }
}

struct PolicyApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Record a policy in the ledger; it is enforced from then on (administrators).")

    @Argument(help: "The policy file.")
    var file: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let text = try PolicyCommand.readPolicyFile(file)
            let (reason, wait) = (user.reasonText(), try user.waitSeconds())
            let hash = try user.signIn(repository).run { try await $0.applyPolicy($1, text: text, reason: reason, wait: wait) }
            Output.line("Applied \(file) (SHA-256 \(hash)); it is the policy in force.")
        }
    }
}

struct PolicyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the policy in force, as the ledger records it.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let policy = try user.signIn(repository).run { try await $0.policy($1) }
            Output.note("Policy in force: recorded by ledger entry \(policy.seq), SHA-256 \(policy.sha256).")
            if let text = policy.text { FileHandle.standardOutput.write(Data(text.utf8)) }
        }
    }
}

struct PolicyExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Say which rule allows or refuses USER doing ACTION on TARGET (repository, a case or an item).")

    @Argument(help: "The user's name.")
    var name: String
    @Argument(help: "The action, e.g. read-content.")
    var action: String
    @Argument(help: "repository, a case reference or id, or an item id.")
    var target: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            guard let parsed = Action(rawValue: action) else {
                throw EvidenceError(.usage, "\(action) is not an action (\(Action.allCases.map(\.rawValue).joined(separator: ", "))).")
            }
            let (name, target) = (name, target)
            let explanation = try user.signIn(repository).run {
                try await $0.explain($1, userName: name, action: parsed, target: target)
            }
            if output.json {
                Output.json(.object(["user": .string(name), "action": .string(parsed.rawValue), "target": .string(explanation.target),
                                     "outcome": .string(explanation.outcome), "rule": .string(explanation.rule),
                                     "reasonRequired": .bool(explanation.reasonRequired)]))
            } else {
                let verdict = explanation.outcome == "allowed" ? "allowed" : explanation.outcome == "denied" ? "refused" : "not visible"
                Output.line("\(name) \(parsed.rawValue) \(explanation.target): \(verdict): \(explanation.rule)\(explanation.reasonRequired ? " (a --reason is required)" : "").")
            }
        }
    }
}
