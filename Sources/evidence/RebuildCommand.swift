import ArgumentParser
import EvidenceService
import EvidenceStore

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Recreate this host's catalog from the ledger.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let size = try user.signIn(repository).run { try await $0.rebuildCatalog($1) }
            Output.line("Rebuilt the catalog from \(size) ledger entries.")
        }
    }
}
