import ArgumentParser
import EvidenceStore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List items (of one case, or of every case you can open).")

    @Option(name: .long, help: ArgumentHelp("Only this case (reference or id).", valueName: "REF"))
    var `case`: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let session = try user.openSession(repository)
            let references = Dictionary(try session.listCases().map { ($0.id, $0.reference ?? $0.id) },
                                        uniquingKeysWith: { first, _ in first })
            for item in try session.listItems(caseReference: `case`, wait: try user.waitSeconds()) {
                if output.json {
                    Output.json(item.json)
                } else {
                    let columns = [item.id, references[item.caseID] ?? item.caseID, item.kind ?? "-",
                                   item.exhibitRef ?? "-", item.physical ? "-" : Output.size(item.size ?? 0),
                                   item.physical ? "(physical exhibit)" : item.path ?? item.name ?? "-"]
                    // The row stays after disposal: the record says what was there and when it went.
                    let disposed = item.disposedAt.map { "  [disposed of \($0.prefix(10))]" } ?? ""
                    Output.line(columns.joined(separator: "  ") + disposed)
                }
            }
        }
    }
}
