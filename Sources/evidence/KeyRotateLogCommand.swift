import ArgumentParser
import EvidenceService
import EvidenceStore

struct KeyRotateLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-log",
        abstract: "Replace the log signing key (administrator): the current key signs the announcement of the new one.",
        discussion: """
            Checkpoints from then on are signed with the new key. Auditors and witnesses keep the verifier key \
            they had: audit and verify follow the ledger's rotations from it. Active users and the recovery key \
            receive the new key; disabled users do not.
            """
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let (reason, wait) = (user.reasonText(), try user.waitSeconds())
            let rotated = try user.signIn(repository).run { try await $0.rotateLogKey($1, reason: reason, wait: wait) }
            if output.json {
                Output.json(["previous": .string(rotated.previousVerifierKey), "verifierKey": .string(rotated.verifierKey),
                             "seq": .int(Int64(rotated.seq))])
            } else {
                Output.line("Rotated the log key at ledger entry \(rotated.seq); the new verifier key is:")
                Output.line(rotated.verifierKey)
            }
        }
    }
}
