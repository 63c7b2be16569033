import ArgumentParser
import EvidenceService
import EvidenceStore

struct CaseListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cases you can open.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            for record in try user.signIn(repository).run({ try await $0.cases($1) }) {
                if output.json {
                    Output.json(record.json)
                } else {
                    Output.line("\(record.id)  \(record.reference ?? "?")  \(record.classification ?? "?")  \(record.title ?? "")")
                }
            }
        }
    }
}
