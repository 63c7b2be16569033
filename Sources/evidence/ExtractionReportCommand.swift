import ArgumentParser
import EvidenceSearch
import EvidenceStore
import Foundation
import SearchIndex

struct ExtractionReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extraction-report",
        abstract: "List the items whose text could not be (fully) extracted, so that they are reviewed by hand.",
        discussion: """
            A disclosure search finds only text that was extracted. Items with outcome partial, failed, \
            no-text-layer (a scan without OCR) or unsupported (a photo, a video, an unknown format) are \
            indexed by their metadata only, or in part; this report lists them with the reason. The \
            index is brought up to date first.
            """
    )

    @Option(name: .customLong("case"), help: ArgumentHelp("Report on this case only (reference or id); repeatable.", valueName: "REF"))
    var cases: [String] = []

    @Flag(name: .long, help: "List every item, including those extracted in full.")
    var all = false

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let session = try user.openSession(repository)
            let wait = try user.waitSeconds()
            let targets = try SearchableCases.resolve(cases, session: session, wait: wait)
            let indexer = Indexing.indexer(session)
            try Indexing.mapped { _ = try indexer.catchUp(targets, wait: wait) }
            var counts: [String: Int] = [:]
            for caseRecord in targets {
                let reference = caseRecord.reference ?? caseRecord.id
                let indexed = try Indexing.mapped { try CaseIndex.indexedItems(path: indexer.indexPath(caseID: caseRecord.id)) }
                // Only items this user may see are named.
                for item in try session.listItems(caseReference: caseRecord.id) {
                    let outcome = indexed[item.id]?.extraction ?? "not-indexed"
                    let reason = indexed[item.id]?.extractionReason
                        ?? (indexed[item.id] == nil ? "the index of this host has not caught up with it" : nil)
                    counts[outcome, default: 0] += 1
                    guard all || outcome != "ok" else { continue }
                    if output.json {
                        var object: [String: JSONValue] = [
                            "id": .string(item.id), "case": .string(reference), "outcome": .string(outcome),
                            "kind": .string(item.kind ?? "other"), "mediaType": .string(item.mediaType ?? ""),
                        ]
                        if let name = item.name { object["name"] = .string(name) }
                        if let ref = item.exhibitRef { object["exhibitRef"] = .string(ref) }
                        if let reason { object["reason"] = .string(reason) }
                        Output.json(.object(object))
                    } else {
                        Output.line("\(item.id)  \(reference)  \(item.exhibitRef ?? "-")  \(item.name ?? "(no name)")  \(outcome)\(reason.map { ": \($0)" } ?? "")")
                    }
                }
            }
            if !output.json {
                let order = ["ok", "partial", "failed", "no-text-layer", "unsupported", "not-indexed"]
                let summary = order.compactMap { key in counts[key].map { "\($0) \(key)" } }
                Output.line("Extraction: " + (summary.isEmpty ? "no items." : summary.joined(separator: ", ") + "."))
            }
        }
    }
}
