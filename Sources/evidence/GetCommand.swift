import ArgumentParser
import EvidenceService
import EvidenceStore

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Write an item's original bytes to a file or to standard output.",
        discussion: """
            The read is recorded in the ledger first. Every chunk is authenticated before it is written, and the \
            SHA-256 is checked at the end; on a mismatch no copy is left and the exit code is 65. A new file is \
            written unnamed and given its name only once verified, so an interrupted get leaves no partial \
            plaintext. An existing file is refused (64) unless --force is given, and then replaced atomically; \
            a symbolic link is never followed or replaced (64); a FIFO or character device is written into.
            """
    )

    @Argument(help: "The item id.")
    var item: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the bytes, or - for standard output.", valueName: "PATH"))
    var output: String

    @Flag(name: .long, help: "Replace an existing file at PATH (atomically), or write onto a block device.")
    var force = false

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let (id, output, force, reason, wait) = (item, output, force, user.reasonText(), try user.waitSeconds())
            let record = try user.signIn(repository).run {
                try await $0.download($1, itemID: id, to: output, replacing: force, reason: reason, wait: wait,
                                      warn: { Output.warn($0) })
            }
            if output != "-" {
                Output.note("Wrote \(record.size ?? 0) bytes of \(record.id) to \(output); SHA-256 \(record.sha256 ?? "?") verified.")
            }
        }
    }
}
