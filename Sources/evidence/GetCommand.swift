import ArgumentParser
import EvidenceStore

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Write an item's original bytes to a file or to standard output.",
        discussion: "The read is recorded in the ledger first. Every chunk is authenticated before it is written, and the SHA-256 is checked at the end; on a mismatch the partial file is removed and the exit code is 65."
    )

    @Argument(help: "The item id.")
    var item: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the bytes, or - for standard output.", valueName: "PATH"))
    var output: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let session = try user.openSession(repository)
            let record = try session.get(itemID: item, output: output, reason: user.reasonText(), wait: try user.waitSeconds())
            if output != "-" {
                Output.note("Wrote \(record.size ?? 0) bytes of \(record.id) to \(output); SHA-256 \(record.sha256 ?? "?") verified.")
            }
        }
    }
}
