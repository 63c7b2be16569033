import ArgumentParser
import EvidenceStore
import Foundation

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print the newest signed checkpoint (a C2SP signed note), or the log's verifier key.",
        discussion: "Needs no user or passphrase: checkpoints and the verifier key are public."
    )

    @Flag(name: .long, help: "Print the log's C2SP verifier key (name+keyid+base64) instead.")
    var verifierKey = false

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let repo = try Repository(path: try repository.repositoryPath())
            let host = HostState(root: repository.stateRoot(), repositoryID: repo.repositoryID)
            let view = try repo.readLedgerView(host: host)
            if verifierKey {
                // Entry 0's key: the root of the chain audit and verify follow through rotations.
                if output.json {
                    Output.json(["verifierKey": .string(view.logKey.encoded), "current": .string(view.logKeys.current.encoded)])
                } else {
                    Output.line(view.logKey.encoded)
                }
                return
            }
            if output.json {
                Output.json(.object([
                    "origin": .string(view.checkpoint.origin), "size": .int(Int64(view.checkpoint.size)),
                    "rootHash": .string(Base64.encode(view.checkpoint.rootHash)),
                    "note": .string(String(decoding: view.signedCheckpoint, as: UTF8.self)),
                ]))
            } else {
                FileHandle.standardOutput.write(Data(view.signedCheckpoint))
            }
        }
    }
}
