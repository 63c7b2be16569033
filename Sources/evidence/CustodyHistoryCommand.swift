import ArgumentParser
import EvidenceService
import EvidenceStore

struct CustodyHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show an exhibit's continuity: seizure, booking in, every hand-over, and where it is now.",
        discussion: "Times are UTC. Each line names the ledger entry that records it and who recorded it."
    )

    @Argument(help: "The item id.")
    var item: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let wait = try user.waitSeconds()
            let id = item
            let history = try user.signIn(repository).run { try await $0.custodyHistory($1, itemID: id, wait: wait) }
            let (record, caseReference, continuity) = (history.item, history.caseReference, history)
            if output.json {
                var object: [String: JSONValue] = [
                    "item": .string(record.id), "case": .string(record.caseID), "physical": .bool(record.physical),
                    "custody": continuity.current.json,
                    "steps": .array(continuity.steps.map { step in
                        var fields: [String: JSONValue] = ["kind": .string(step.kind.rawValue), "text": .string(step.text)]
                        if let time = step.time { fields["time"] = .string(time) }
                        if let seq = step.seq { fields["seq"] = .int(seq) }
                        if let by = step.recordedBy { fields["recordedBy"] = .string(by) }
                        return .object(fields)
                    }),
                ]
                for (key, value) in [("caseReference", caseReference), ("exhibitRef", record.exhibitRef),
                                     ("description", record.description), ("sha256", record.sha256)] {
                    if let value { object[key] = .string(value) }
                }
                Output.json(.object(object))
                return
            }
            let label = record.exhibitRef.map { "exhibit \($0)" } ?? "item"
            Output.line("Continuity of \(label) (item \(record.id)), case \(caseReference ?? record.caseID)")
            if let description = record.description { Output.line("Description: \(description)") }
            if record.physical {
                Output.line("Content: physical exhibit, no digital content")
            } else {
                Output.line("Content: \(record.path ?? record.name ?? "file"), SHA-256 \(record.sha256 ?? "?")")
            }
            Output.line("")
            for step in continuity.steps {
                var source = ""
                if let seq = step.seq { source = "  [ledger entry \(seq), recorded by \(step.recordedBy ?? "?")]" }
                Output.line("\(step.displayTime)  \(step.text)\(source)")
            }
            Output.line("")
            Output.line("Now \(continuity.current.summary).")
        }
    }
}
