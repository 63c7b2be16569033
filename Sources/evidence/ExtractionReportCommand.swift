import ArgumentParser
import EvidenceSearch
import EvidenceService
import EvidenceStore
import Foundation
import SearchIndex

struct ExtractionReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extraction-report",
        abstract: "List the items whose text could not be (fully) extracted, so that they are reviewed by hand.",
        discussion: """
            A disclosure search finds only text that was extracted. Items with outcome partial, failed \
            (a damaged file, or one protected by a password: the reason says which), no-text-layer (an \
            image or scan in which OCR recognised no text) or unsupported (a video, a WordPerfect or \
            Apple iWork file, an unknown format: the reason names it) are indexed by their metadata \
            only, or in part; this report lists them with the reason. The index is brought up to date \
            first.
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
            let (references, wait) = (cases, try user.waitSeconds())
            let (json, all) = (output.json, all)
            // Page by page, each printed as it comes: a case of any size in bounded memory.
            let counts = try user.signIn(repository).run { service, context -> [String: Int] in
                var counts: [String: Int] = [:]
                for caseRecord in try await service.extractionReportCases(context, caseReferences: references, wait: wait) {
                    var after: String?
                    repeat {
                        let page = try await service.extractionReport(context, caseID: caseRecord.id, after: after,
                                                                      limit: ItemPage.maxLimit, wait: wait)
                        for row in page.rows {
                            counts[row.outcome, default: 0] += 1
                            if all || row.outcome != "ok" { Self.print(row, json: json) }
                        }
                        after = page.nextAfter
                    } while after != nil
                }
                return counts
            }
            if !output.json {
                let order = ["ok", "partial", "failed", "no-text-layer", "unsupported", "not-indexed"]
                let summary = order.compactMap { key in counts[key].map { "\($0) \(key)" } }
                Output.line("Extraction: " + (summary.isEmpty ? "no items." : summary.joined(separator: ", ") + "."))
            }
        }
    }

    private static func print(_ row: ExtractionOutcome, json: Bool) {
        if json {
            var object: [String: JSONValue] = [
                "id": .string(row.itemID), "case": .string(row.caseReference), "outcome": .string(row.outcome),
                "kind": .string(row.kind), "mediaType": .string(row.mediaType),
            ]
            if let name = row.name { object["name"] = .string(name) }
            if let ref = row.exhibitRef { object["exhibitRef"] = .string(ref) }
            if let reason = row.reason { object["reason"] = .string(reason) }
            Output.json(.object(object))
        } else {
            Output.line("\(row.itemID)  \(row.caseReference)  \(row.exhibitRef ?? "-")  \(row.name ?? "(no name)")  \(row.outcome)\(row.reason.map { ": \($0)" } ?? "")")
        }
    }
}
