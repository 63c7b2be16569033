import ArgumentParser
import EvidenceService
import EvidenceStore

struct RetentionReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Record a retention review decision on an item (needs dispose; --reason is required).",
        discussion: """
            retain keeps the item, until --next-review DATE if given; dispose records the decision only: \
            evidence dispose destroys the item, when no hold or case status forbids it.
            """)

    @Argument(help: "The item id.")
    var item: String

    @Option(name: .long, help: ArgumentHelp("retain or dispose.", valueName: "DECISION"))
    var decision: String

    @Option(name: .long, help: ArgumentHelp("With retain: the next review date, YYYY-MM-DD.", valueName: "DATE"))
    var nextReview: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let next = try nextReview.map { try DateArgument.parse($0, flag: "--next-review") }
            let (id, decision, reason, wait) = (item, decision, user.reasonText(), try user.waitSeconds())
            let record = try user.signIn(repository).run {
                try await $0.reviewRetention($1, itemID: id, decision: decision, nextReview: next, reason: reason, wait: wait)
            }
            if output.json {
                Output.json(record.json)
            } else if decision == "dispose" {
                Output.line("Recorded the decision to dispose of \(record.id); evidence dispose \(record.id) carries it out.")
            } else {
                Output.line("Recorded the decision to retain \(record.id)\(next.map { " until its next review on \($0)" } ?? "").")
            }
        }
    }
}
