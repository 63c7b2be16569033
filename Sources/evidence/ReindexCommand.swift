import ArgumentParser
import EvidenceSearch
import EvidenceService
import EvidenceStore
import Foundation

struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Delete this host's search index of cases and rebuild it from the objects.",
        discussion: """
            The index is a projection of the ledger and the objects: rebuilding it gives the same results. \
            Without --case, every case you may search is rebuilt. Parts already recorded (attachments, \
            messages) are not recorded again.
            """
    )

    @Option(name: .customLong("case"), help: ArgumentHelp("Rebuild only this case (reference or id); repeatable.", valueName: "REF"))
    var cases: [String] = []

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let call = try user.signIn(repository)
            let (references, wait) = (cases, try user.waitSeconds())
            let targets = try call.run { try await $0.searchableCases($1, references: references, wait: wait) }
            // One case at a time, each reported as it is done.
            for caseRecord in targets {
                let rebuilt = try call.run { try await $0.rebuildIndex($1, caseReference: caseRecord.id, wait: wait) }
                let (items, derived) = (rebuilt.items, rebuilt.derivedParts)
                let parts = derived > 0 ? "; \(derived) part\(derived == 1 ? "" : "s") newly recorded" : ""
                Output.line("Case \(rebuilt.caseReference): \(items) item\(items == 1 ? "" : "s") indexed\(parts).")
            }
        }
    }
}
