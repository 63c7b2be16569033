import ArgumentParser
import EvidenceService
import EvidenceStore

struct RetentionDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List the cases and items due for a retention review, and items a review decided to dispose of.")

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Count as due what falls on or before this day (default: today, UTC).", valueName: "DATE"))
    var asOf: String?

    @Option(name: .customLong("case"), help: ArgumentHelp("Only this case (reference or id).", valueName: "REF"))
    var caseReference: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let day = try asOf.map { try DateArgument.parse($0, flag: "--as-of") } ?? CalendarDate.today()
            let (caseReference, wait) = (caseReference, try user.waitSeconds())
            let due = try user.signIn(repository).run {
                try await $0.retentionDue($1, asOf: day, caseReference: caseReference, wait: wait)
            }
            for entry in due {
                if output.json {
                    Output.json(.object([
                        "case": .string(entry.caseID), "caseReference": .string(entry.caseReference),
                        "item": entry.itemID.map(JSONValue.string) ?? .null,
                        "reviewDate": entry.reviewDate.map(JSONValue.string) ?? .null,
                        "decision": entry.decision.map(JSONValue.string) ?? .null,
                        "label": entry.label.map(JSONValue.string) ?? .null,
                    ]))
                } else {
                    let what = entry.itemID.map { "item \($0)" } ?? "case"
                    let why = entry.decision == "dispose" ? "review decided: dispose" : "review due \(entry.reviewDate ?? "?")"
                    Output.line("\(entry.caseReference)  \(what)  \(why)\(entry.label.map { "  \($0)" } ?? "")")
                }
            }
            if due.isEmpty && !output.json { Output.note("Nothing is due for review on or before \(day).") }
        }
    }
}
