import ArgumentParser
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
            let session = try user.openSession(repository)
            let record = try session.createCase(reference: reference, title: title, classification: level,
                                                reason: user.reasonText(), wait: try user.waitSeconds())
            if output.json {
                Output.json(record.json)
            } else {
                Output.line("Created case \(record.reference ?? reference) (\(record.id)).")
            }
        }
    }
}
