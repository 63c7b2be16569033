import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation

struct DisclosureSearchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "searches",
        abstract: "List every search run on a case (who, when, query, filters, hits), from the ledger.",
        discussion: """
            The search record for the disclosure management document: every search.run entry of the \
            case, oldest first, with the reason given and the index state it ran on. --format csv or \
            html writes a document to standard output (redirect it to a file). With --rerun each search \
            is run again in this case alone and its hit count now is shown beside the count then; the \
            re-runs are searches, recorded in the ledger like any other.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, html
    }

    @Option(name: .customLong("case"), help: ArgumentHelp("The case (reference or id).", valueName: "REF"))
    var caseReference: String

    @Option(name: .long, help: "text (one line a search), csv or html.")
    var format: Format = .text

    @Flag(name: .long, help: "Run each search again now and show its hit count beside the one recorded.")
    var rerun = false

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let (reference, rerun, wait) = (caseReference, rerun, try user.waitSeconds())
            let report = try user.signIn(repository).run { service, context in
                try await service.searchRecord(context, caseReference: reference, rerun: rerun, wait: wait)
            }
            if output.json {
                for search in report.searches { Output.json(try JSONValueEncoder().encode(search)) }
                return
            }
            switch format {
            case .csv: FileHandle.standardOutput.write(Data(report.csv().utf8))
            case .html: FileHandle.standardOutput.write(Data(report.html().utf8))
            case .text:
                for search in report.searches { Output.line(Self.line(search, rerun: rerun)) }
                Output.line("\(report.searches.count) search\(report.searches.count == 1 ? "" : "es") recorded on case \(report.caseReference).")
            }
        }
    }

    static func line(_ search: RecordedSearch, rerun: Bool) -> String {
        var line = "#\(search.seq)  \(search.time)  \(search.userName ?? search.userID)  "
        line += search.query.map { "\"\($0)\"" } ?? "(query sealed)"
        if let hits = search.hits { line += "  \(hits) hit\(hits == 1 ? "" : "s")" }
        if let kinds = search.kinds, !kinds.isEmpty { line += "  kinds: \(kinds.joined(separator: ","))" }
        if search.wordOperator == "or" { line += "  any word" }
        if let pending = search.pendingEvents, pending > 0 { line += "  (index \(pending) changes behind)" }
        if let reason = search.reason { line += "  reason: \(reason)" }
        if rerun {
            line += search.hitsNow.map { "  now: \($0)" } ?? "  now: not run (\(search.rerunProblem ?? "?"))"
        }
        return line
    }
}
