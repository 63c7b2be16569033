import ArgumentParser
import EvidenceService
import EvidenceStore

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Break-glass use of the recovery key, recorded with who and why.",
        subcommands: [RecoverGrantCaseCommand.self, RecoverGrantAuditCommand.self]
    )
}

struct RecoverGrantCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-case",
        abstract: "Seal a case's keys to a user through the recovery key (e.g. after they lost their passphrase and enrolled again).")

    @Argument(help: "The case id (administrators cannot read case references).")
    var caseID: String
    @Argument(help: "The user's name.")
    var name: String
    @Option(name: .long, help: "The case role to grant, which the user holds.")
    var role: String
    @Option(name: .long, help: ArgumentHelp("A recovery passphrase or code, from FILE (or EVIDENCE_RECOVERY_PASSPHRASE).", valueName: "FILE"))
    var recoveryPassphraseFile: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let call = try user.signIn(repository)
            let recovery = try Passphrase.read(file: recoveryPassphraseFile, environment: "EVIDENCE_RECOVERY_PASSPHRASE",
                                               prompt: "Recovery passphrase or code", confirm: false)
            let (caseID, name, role, reason, wait) = (caseID, name, role, user.reasonText(), try user.waitSeconds())
            try call.run {
                try await $0.recoverCaseAccess($1, recoveryPassphrase: recovery, caseID: caseID, userName: name, role: role,
                                               reason: reason, wait: wait)
            }
            Output.line("Sealed case \(caseID) to \(name) through the recovery key; recorded as a break-glass event.")
        }
    }
}
