import ArgumentParser
import EvidenceService
import EvidenceStore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List items (of one case, or of every case you can open).")

    @Option(name: .long, help: ArgumentHelp("Only this case (reference or id).", valueName: "REF"))
    var `case`: String?

    @Option(name: .long, help: ArgumentHelp("Show at most this many items (a page).", valueName: "N"))
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp("Start after this item (the last of the previous page).", valueName: "ITEM"))
    var after: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            // A usage error is reported before the passphrase is asked for.
            if let limit, limit < 1 { throw EvidenceError(.usage, "--limit must be at least 1.") }
            let call = try user.signIn(repository)
            let (reference, wait) = (`case`, try user.waitSeconds())
            let references = Dictionary(try call.run { try await $0.cases($1) }.map { ($0.id, $0.reference ?? $0.id) },
                                        uniquingKeysWith: { first, _ in first })
            try Paging.each(limit: limit, after: after, pageLimit: ItemPage.maxLimit) { after, pageLimit in
                let page = try call.run {
                    try await $0.items($1, caseReference: reference, after: after, limit: pageLimit, wait: wait)
                }
                return (page.items, page.nextAfter)
            } body: { item in
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
