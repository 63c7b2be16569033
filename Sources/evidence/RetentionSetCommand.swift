import ArgumentParser
import EvidenceService
import EvidenceStore

struct RetentionSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set (or clear) the retention review date of a case or an item (needs amend-metadata).")

    @Argument(help: ArgumentHelp("The case (reference or id) or the item (id).", valueName: "CASE|ITEM"))
    var target: String

    @Option(name: .long, help: ArgumentHelp("The review date, YYYY-MM-DD.", valueName: "DATE"))
    var review: String?

    @Flag(name: .long, help: "Clear the review date instead.")
    var clear = false

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            guard (review != nil) != clear else {
                throw EvidenceError(.usage, "Give either --review DATE or --clear.")
            }
            let date = try review.map { try DateArgument.parse($0, flag: "--review") }
            let (target, reason, wait) = (target, user.reasonText(), try user.waitSeconds())
            let set = try user.signIn(repository).run {
                try await $0.setReviewDate($1, target: target, date: date, reason: reason, wait: wait)
            }
            let (caseRecord, item) = (set.caseRecord, set.item)
            let what = item.map { "item \($0.id)" } ?? "case \(caseRecord.reference ?? target)"
            if output.json {
                Output.json(.object([
                    "case": .string(caseRecord.id), "item": item.map { .string($0.id) } ?? .null,
                    "reviewDate": date.map { .string($0.description) } ?? .null,
                ]))
            } else {
                Output.line(date.map { "Retention of \(what) is to be reviewed on \($0)." } ?? "Cleared the review date of \(what).")
            }
        }
    }
}
