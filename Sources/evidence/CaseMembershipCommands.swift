import ArgumentParser
import EvidenceService
import EvidenceStore

struct CaseGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Make a user a member of a case in a role; seals the case key to them.")

    @Argument(help: "The case (reference or id).")
    var reference: String
    @Argument(help: "The user's name.")
    var name: String
    @Option(name: .long, help: "A case role of the policy in force, which the user holds.")
    var role: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let (reference, name, role, reason, wait) = (reference, name, role, user.reasonText(), try user.waitSeconds())
            try user.signIn(repository).run {
                try await $0.grant($1, caseReference: reference, userName: name, role: role, reason: reason, wait: wait)
            }
            Output.line("Granted \(name) the role \(role) in case \(reference).")
        }
    }
}

struct CaseRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "End a user's membership of a case and delete their copies of its key.",
        discussion: "A key they have already seen cannot be taken back: run `evidence case rekey` so that material added from now on is sealed under a key they never held (docs/SECURITY.md).")

    @Argument(help: "The case (reference or id).")
    var reference: String
    @Argument(help: "The user's name.")
    var name: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let (reference, name, reason, wait) = (reference, name, user.reasonText(), try user.waitSeconds())
            try user.signIn(repository).run {
                try await $0.revoke($1, caseReference: reference, userName: name, reason: reason, wait: wait)
            }
            Output.line("Revoked \(name)'s membership of case \(reference); run evidence case rekey \(reference) to seal new material under a new key.")
        }
    }
}

struct CaseRekeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey", abstract: "Seal the case's new material under a new key, held by its current members only.")

    @Argument(help: "The case (reference or id).")
    var reference: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let (reference, reason, wait) = (reference, user.reasonText(), try user.waitSeconds())
            let generation = try user.signIn(repository).run {
                try await $0.rekey($1, caseReference: reference, reason: reason, wait: wait)
            }
            Output.line("Case \(reference) now seals new material under key generation \(generation).")
        }
    }
}
