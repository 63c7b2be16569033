import ArgumentParser
import EvidenceSearch
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
            let session = try user.openSession(repository)
            let wait = try user.waitSeconds()
            let targets = try SearchableCases.resolve(cases, session: session, wait: wait)
            let indexer = Indexing.indexer(session)
            for caseRecord in targets {
                let reference = caseRecord.reference ?? caseRecord.id
                let outcome = try Indexing.mapped { try indexer.rebuild(caseRecord, wait: wait) }
                switch outcome {
                case .busy:
                    throw EvidenceError(.busy, "The search index of case \(reference) is being written by another process; try again when it has finished.")
                case .indexed(let items, let derived):
                    let parts = derived > 0 ? "; \(derived) part\(derived == 1 ? "" : "s") newly recorded" : ""
                    Output.line("Case \(reference): \(items) item\(items == 1 ? "" : "s") indexed\(parts).")
                }
            }
        }
    }
}

/// The cases a maintenance command over this host's indexes acts on: the named ones, each of
/// which the user must be allowed to search, or all they may search.
enum SearchableCases {
    static func resolve(_ references: [String], session: Session, wait: Double) throws -> [CaseRecord] {
        let searchable = try session.searchableCases()
        guard !references.isEmpty else {
            guard !searchable.isEmpty else {
                throw EvidenceError(.denied, "There is no case you may search; a case's senior investigating officer can grant you a role that may.")
            }
            return searchable
        }
        var result: [CaseRecord] = []
        for reference in references {
            if let found = searchable.first(where: { $0.id == reference || $0.reference == reference }) {
                if !result.contains(where: { $0.id == found.id }) { result.append(found) }
            } else {
                // Not searchable: refused (and recorded) as the authoriser says, 66 or 77.
                _ = try session.findCase(reference, for: .search, reason: nil, wait: wait)
                throw EvidenceError(.denied, "You may not search case \(reference).")
            }
        }
        return result
    }
}
