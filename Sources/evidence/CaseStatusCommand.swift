import ArgumentParser
import EvidenceService
import EvidenceStore

struct CaseStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Record the stage a case has reached; it decides when its material may be disposed of (CPIA).",
        discussion: """
            Disposal is refused with no status, and while under-investigation, charged or appeal-pending; after a \
            conviction, not before the later of six months from its --date and the release recorded with \
            --released (for a sentence without custody, the day of sentence). Needs record-disclosure.
            """)

    @Argument(help: ArgumentHelp("The case (reference or id).", valueName: "REF"))
    var reference: String

    @Argument(help: ArgumentHelp("under-investigation, no-further-action, charged, convicted, acquitted or appeal-pending.", valueName: "STATUS"))
    var status: String

    @Option(name: .long, help: ArgumentHelp("The day the case reached this stage (YYYY-MM-DD), e.g. the conviction.", valueName: "DATE"))
    var date: String

    @Option(name: .long, help: ArgumentHelp("For a conviction: the day the convicted person was released or discharged (YYYY-MM-DD).", valueName: "DATE"))
    var released: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            guard let stage = CaseStatus(rawValue: status) else {
                throw EvidenceError(.usage, "The status must be one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let day = try DateArgument.parse(date, flag: "--date")
            let release = try released.map { try DateArgument.parse($0, flag: "--released") }
            let (reference, reason, wait) = (reference, user.reasonText(), try user.waitSeconds())
            let record = try user.signIn(repository).run {
                try await $0.setCaseStatus($1, reference: reference, status: stage, date: day, released: release,
                                           reason: reason, wait: wait)
            }
            if output.json {
                Output.json(record.json)
            } else {
                Output.line("Case \(record.reference ?? reference) is \(stage.rawValue) as of \(day)\(release.map { ", released \($0)" } ?? "").")
            }
        }
    }
}
