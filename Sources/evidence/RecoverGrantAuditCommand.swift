import ArgumentParser
import EvidenceService
import EvidenceStore

struct RecoverGrantAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-audit",
        abstract: "Seal the audit key to an auditor through the recovery key, so they can open the audit parts of events.",
        discussion: """
            The audit parts say who did what and why (reasons, refusals, hosts); the auditor still \
            reads no case content. Needs an administrator, a recovery passphrase and --reason, and is \
            recorded as a break-glass event naming the auditor.
            """)

    @Argument(help: "The auditor's name.")
    var name: String
    @Option(name: .long, help: ArgumentHelp("A recovery passphrase or code, from FILE (or EVIDENCE_RECOVERY_PASSPHRASE).", valueName: "FILE"))
    var recoveryPassphraseFile: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let call = try user.signIn(repository)
            let recovery = try Passphrase.read(file: recoveryPassphraseFile, environment: "EVIDENCE_RECOVERY_PASSPHRASE",
                                               prompt: "Recovery passphrase or code", confirm: false)
            let (name, reason, wait) = (name, user.reasonText(), try user.waitSeconds())
            try call.run {
                try await $0.recoverAuditAccess($1, recoveryPassphrase: recovery, userName: name, reason: reason, wait: wait)
            }
            Output.line("Sealed the audit key to \(name) through the recovery key; recorded as a break-glass event.")
        }
    }
}
