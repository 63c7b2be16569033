import ArgumentParser
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
            let session = try user.openSession(repository)
            let rotated = try session.rotateLogKey(reason: user.reasonText(), wait: try user.waitSeconds())
            if output.json {
                Output.json(["previous": .string(rotated.previous.encoded), "verifierKey": .string(rotated.next.encoded),
                             "seq": .int(Int64(rotated.seq))])
            } else {
                Output.line("Rotated the log key at ledger entry \(rotated.seq); the new verifier key is:")
                Output.line(rotated.next.encoded)
            }
        }
    }
}
