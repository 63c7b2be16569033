import ArgumentParser
import EvidenceStore

struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Retention review dates, what is due for review, and review decisions.",
        subcommands: [RetentionSetCommand.self, RetentionDueCommand.self, RetentionReviewCommand.self]
    )
}
