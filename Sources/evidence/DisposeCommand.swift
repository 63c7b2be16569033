import ArgumentParser
import EvidenceService
import EvidenceStore

struct DisposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispose",
        abstract: "Dispose of an item (and the parts extracted from it) by crypto-shredding its object.",
        discussion: """
            Needs the policy's dispose action (--reason is required and recorded). Refused (65) while a legal \
            hold covers the item or its case, or while the case's status forbids it (no status, under \
            investigation, charged, appeal pending, or less than six months since a conviction). The \
            item.disposed entries are committed first, then each object no other live item shares is destroyed; \
            run the command again to finish a disposal that was interrupted.
            """)

    @Argument(help: "The item id.")
    var item: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let (id, reason, wait) = (item, user.reasonText(), try user.waitSeconds())
            // The service catches this user's index up too: it drops the text now, not at their next search.
            let result = try user.signIn(repository).run { try await $0.dispose($1, itemID: id, reason: reason, wait: wait) }
            if output.json {
                Output.json(.object([
                    "item": .string(item), "disposed": .array(result.items.map(JSONValue.string)),
                    "entries": .array(result.entries.map { .int(Int64($0)) }),
                    "objectsRemoved": .int(Int64(result.objectsRemoved)), "objectsKept": .int(Int64(result.objectsKept)),
                    "finishedEarlierDisposal": .bool(result.finishedEarlier),
                ]))
                return
            }
            if result.finishedEarlier {
                Output.line("Finished the earlier disposal of \(item): \(result.objectsRemoved) object\(result.objectsRemoved == 1 ? "" : "s") destroyed.")
                return
            }
            let parts = result.items.count - 1
            let partsText = parts > 0 ? " with \(parts) part\(parts == 1 ? "" : "s") extracted from it" : ""
            var line = "Disposed of \(item)\(partsText) (ledger entr\(result.entries.count == 1 ? "y" : "ies") \(result.entries.map(String.init).joined(separator: ", "))): \(result.objectsRemoved) object\(result.objectsRemoved == 1 ? "" : "s") destroyed"
            if result.objectsKept > 0 {
                line += ", \(result.objectsKept) kept because another item of the case holds the same content"
            }
            Output.line(line + ".")
        }
    }
}
