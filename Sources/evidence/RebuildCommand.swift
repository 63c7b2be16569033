import ArgumentParser
import EvidenceStore

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Recreate this host's catalog from the ledger.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let session = try user.openSession(repository)
            let size = try session.rebuild()
            Output.line("Rebuilt the catalog from \(size) ledger entries.")
        }
    }
}
