import ArgumentParser
import EvidenceService
import EvidenceStore

struct CaseCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a case with its own key, sealed to you and to the recovery key.")

    @Argument(help: "The case reference, e.g. a crime reference number.")
    var reference: String

    @Option(name: .long, help: "The case title.")
    var title: String

    @Option(name: .long, help: "OFFICIAL, OFFICIAL-SENSITIVE or SECRET.")
    var classification: String = "OFFICIAL"

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            guard let level = Classification(rawValue: classification.uppercased()) else {
                throw EvidenceError(.usage, "--classification must be OFFICIAL, OFFICIAL-SENSITIVE or SECRET.")
            }
            let (reference, title, reason, wait) = (reference, title, user.reasonText(), try user.waitSeconds())
            let record = try user.signIn(repository).run {
                try await $0.createCase($1, reference: reference, title: title, classification: level, reason: reason,
                                        wait: wait)
            }
            if output.json {
                Output.json(record.json)
            } else {
                Output.line("Created case \(record.reference ?? reference) (\(record.id)).")
            }
        }
    }
}
