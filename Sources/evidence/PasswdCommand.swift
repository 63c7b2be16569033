import ArgumentParser
import EvidenceService
import EvidenceStore

struct PasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Change your passphrase.")

    @Option(name: .long, help: ArgumentHelp("Read the new passphrase from FILE (or EVIDENCE_NEW_PASSPHRASE).", valueName: "FILE"))
    var newPassphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("log2 of scrypt's N for the re-sealed keys (default: unchanged).", valueName: "N"))
    var kdfCost: Int?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let call = try user.signIn(repository)
            let new = try Passphrase.read(file: newPassphraseFile, environment: "EVIDENCE_NEW_PASSPHRASE",
                                          prompt: "New passphrase", confirm: true)
            let (kdfCost, reason, wait) = (kdfCost, user.reasonText(), try user.waitSeconds())
            try call.run { try await $0.changePassphrase($1, to: new, kdfCost: kdfCost, reason: reason, wait: wait) }
            Output.line("Changed the passphrase of \(call.context.userName).")
        }
    }
}
