import ArgumentParser
import EvidenceStore

struct AmendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Correct an item's descriptive metadata (never its bytes or hash); the change is a ledger event.")

    @Argument(help: "The item id.")
    var item: String

    @Option(name: .long, help: "exhibit, statement, document, email, image, video or other.")
    var kind: String?
    @Option(name: .long, help: ArgumentHelp("The exhibit reference.", valueName: "REF"))
    var exhibitRef: String?
    @Option(name: .long, help: ArgumentHelp("What the item is.", valueName: "TEXT"))
    var description: String?
    @Option(name: .long, help: ArgumentHelp("Who seized it.", valueName: "NAME"))
    var seizedBy: String?
    @Option(name: .long, help: ArgumentHelp("When it was seized (ISO 8601).", valueName: "ISO8601"))
    var seizedAt: String?
    @Option(name: .long, help: ArgumentHelp("Where it was seized.", valueName: "TEXT"))
    var location: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            var changes: [String: JSONValue] = [:]
            if let kind {
                guard AddOptions.kinds.contains(kind) else {
                    throw EvidenceError(.usage, "--kind must be one of \(AddOptions.kinds.joined(separator: ", ")).")
                }
                changes["kind"] = .string(kind)
            }
            if let seizedAt {
                guard let time = Timestamp(userInput: seizedAt) else {
                    throw EvidenceError(.usage, "--seized-at must be an ISO 8601 date or time.")
                }
                changes["seizedAt"] = .string(time.description)
            }
            for (key, value, limit) in [("exhibitRef", exhibitRef, 64), ("description", description, 8000),
                                        ("seizedBy", seizedBy, 200), ("location", location, 500)] {
                guard let value else { continue }
                guard value.utf8.count <= limit else { throw EvidenceError(.usage, "--\(key) is limited to \(limit) bytes.") }
                changes[key] = .string(value)
            }
            let session = try user.openSession(repository)
            let record = try session.amend(itemID: item, changes: changes, reason: user.reasonText(),
                                           wait: try user.waitSeconds())
            if output.json { Output.json(record.json) } else { Output.line("Amended \(record.id): \(changes.keys.sorted().joined(separator: ", ")).") }
        }
    }
}
