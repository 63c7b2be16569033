import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show ledger events in order, with the parts you can open.")

    @Option(name: .long, help: ArgumentHelp("Only the events of this item.", valueName: "ITEM"))
    var item: String?

    @Option(name: .customLong("case"), help: ArgumentHelp("Only the events of this case (reference or id).", valueName: "REF"))
    var caseReference: String?

    @Option(name: .long, help: ArgumentHelp("Only events of this type, e.g. search.run for the searches run; repeatable.", valueName: "TYPE"))
    var type: [String] = []

    @Option(name: .long, help: ArgumentHelp("Show at most this many events (a page).", valueName: "N"))
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp("Start after this sequence number (the last of the previous page).", valueName: "SEQ"))
    var after: Int64?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            // A usage error is reported before the passphrase is asked for.
            if let limit, limit < 1 { throw EvidenceError(.usage, "--limit must be at least 1.") }
            let call = try user.signIn(repository)
            let references = Self.caseReferences(try call.run { try await $0.cases($1) })
            let (itemID, caseReference, types, wait) = (item, caseReference, Set(type), try user.waitSeconds())
            var names: [String: String] = [:]
            try Paging.each(limit: limit, after: after, pageLimit: EventPage.maxLimit) { after, pageLimit in
                let page = try call.run {
                    try await $0.events($1, itemID: itemID, caseReference: caseReference, types: types, after: after,
                                        limit: pageLimit, wait: wait)
                }
                names = page.userNames
                return (page.events, page.nextAfter)
            } body: { entry in
                if output.json { Output.json(Self.json(entry, names: names)) } else {
                    Output.line(Self.text(entry, names: names, cases: references))
                }
            }
        }
    }

    static func parse(_ text: String?) -> [String: JSONValue] { EventDescription.parse(text) }

    static func json(_ entry: EntryRecord, names: [String: String]) -> JSONValue { EventDescription.json(entry, names: names) }

    /// The references of the cases this user may see, by case id (others stay ids).
    static func caseReferences(_ cases: [CaseRecord]) -> [String: String] {
        Dictionary(cases.compactMap { record in record.reference.map { (record.id, $0) } },
                   uniquingKeysWith: { first, _ in first })
    }

    /// One line per event, readable as a continuity record (the service layer words it).
    static func text(_ entry: EntryRecord, names: [String: String], cases: [String: String] = [:]) -> String {
        EventDescription.line(entry, names: names, cases: cases)
    }
}
