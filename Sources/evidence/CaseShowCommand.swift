import ArgumentParser
import EvidenceService
import EvidenceStore

struct CaseShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a case: its status, retention review date and legal holds.")

    @Argument(help: ArgumentHelp("The case (reference or id).", valueName: "REF"))
    var reference: String

    @Flag(name: .long, help: "Also list holds that were released.")
    var all = false

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let (reference, all, wait) = (reference, all, try user.waitSeconds())
            // Which holds the user may know of is the service's decision (CaseDetail).
            let detail = try user.signIn(repository).run {
                try await $0.caseDetail($1, reference: reference, includingReleasedHolds: all, wait: wait)
            }
            let (record, holds, names) = (detail.record, detail.holds, detail.userNames)
            if output.json {
                guard case .object(var object) = record.json else { return }
                object["holds"] = .array(holds.map { $0.json(names: names) })
                Output.json(.object(object))
                return
            }
            let rows: [(String, String?)] = [
                ("Case", "\(record.reference ?? "?") (\(record.id))"), ("Title", record.title),
                ("Classification", record.classification),
                ("Created", "\(record.createdAt) by \(names[record.createdBy] ?? record.createdBy)"),
                ("Status", record.status.map { "\($0) as of \(record.statusDate ?? "?")\(record.releasedDate.map { ", released \($0)" } ?? "")" } ?? "none recorded (no disposal until one is)"),
                ("Review date", record.reviewDate),
            ]
            for (label, value) in rows {
                guard let value else { continue }
                Output.line(label.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
            }
            Output.line("")
            Output.line(holds.isEmpty ? "No legal holds\(all ? "" : " in force")." : "Legal holds\(all ? "" : " in force"):")
            for hold in holds { Output.line("  " + hold.text(names: names)) }
        }
    }
}
