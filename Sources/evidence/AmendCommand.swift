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
    @OptionGroup var metadata: ItemMetadataOptions

    @Option(name: .long, help: "Reclassify: OFFICIAL, OFFICIAL-SENSITIVE or SECRET (members not cleared for it stop seeing the item).")
    var classification: String?

    @Flag(inversion: .prefixedNo, help: "Mark as sensitive material (MG6D), or no longer.")
    var sensitive: Bool?

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
            if let classification {
                guard let level = Classification(rawValue: classification.uppercased()) else {
                    throw EvidenceError(.usage, "--classification must be OFFICIAL, OFFICIAL-SENSITIVE or SECRET.")
                }
                changes["classification"] = .string(level.rawValue)
            }
            if let sensitive { changes["sensitive"] = .bool(sensitive) }
            if let time = try metadata.seizedAtTime() { changes["seizedAt"] = .string(time.description) }
            let fields: [(EvidenceError.Field, String?, Int)] = [(.exhibitRef, metadata.exhibitRef, 64),
                                                                 (.description, metadata.description, 8000),
                                                                 (.seizedBy, metadata.seizedBy, 200),
                                                                 (.location, metadata.location, 500),
                                                                 (.seal, metadata.seal, 64),
                                                                 (.storageLocation, metadata.storageLocation, 500)]
            for (field, value, limit) in fields {
                guard let value else { continue }
                try Session.validateText(value, field: field, limit: limit)
                changes[field.key] = .string(value)
            }
            let session = try user.openSession(repository)
            let record = try session.amend(itemID: item, changes: changes, reason: user.reasonText(),
                                           wait: try user.waitSeconds())
            if output.json { Output.json(record.json) } else { Output.line("Amended \(record.id): \(changes.keys.sorted().joined(separator: ", ")).") }
        }
    }
}
