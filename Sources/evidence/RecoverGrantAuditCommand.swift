import ArgumentParser
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
            let session = try user.openSession(repository)
            let recovery = try Passphrase.read(file: recoveryPassphraseFile, environment: "EVIDENCE_RECOVERY_PASSPHRASE",
                                               prompt: "Recovery passphrase or code", confirm: false)
            try session.recoverAuditAccess(recoveryPassphrase: recovery, userName: name, reason: user.reasonText(),
                                           wait: try user.waitSeconds())
            Output.line("Sealed the audit key to \(name) through the recovery key; recorded as a break-glass event.")
        }
    }
}
