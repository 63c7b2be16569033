import ArgumentParser
import EvidenceService
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
            var amendment = ItemAmendment()
            amendment.kind = kind
            amendment.classification = classification
            amendment.sensitive = sensitive
            amendment.seizedAt = metadata.seizedAt
            amendment.exhibitRef = metadata.exhibitRef
            amendment.description = metadata.description
            amendment.seizedBy = metadata.seizedBy
            amendment.location = metadata.location
            amendment.seal = metadata.seal
            amendment.storageLocation = metadata.storageLocation
            // Checked here first, so that a mistake is named by its flag before the passphrase is asked for.
            let changes = try amendment.changes()
            let (id, asked, reason, wait) = (item, amendment, user.reasonText(), try user.waitSeconds())
            let record = try user.signIn(repository).run { try await $0.amend($1, itemID: id, asked, reason: reason, wait: wait) }
            if output.json { Output.json(record.json) } else { Output.line("Amended \(record.id): \(changes.keys.sorted().joined(separator: ", ")).") }
        }
    }
}
