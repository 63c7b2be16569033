import ArgumentParser
import EvidenceStore
import Foundation

struct WitnessCosignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosign",
        abstract: "Cosign the repository's newest checkpoint if it extends the last one this witness cosigned.",
        discussion: """
            The witness keeps, in --state DIR, the log's keys and the last checkpoint it cosigned. A newer \
            checkpoint is cosigned only after it verifies with the log key in force and a consistency proof \
            from the last one verifies; a forked, rolled-back or rewritten log is refused (exit 65). The first \
            time, give the log's verifier key with --verifier-key. The cosigned checkpoint is kept in the \
            repository as ledger/cosigned/<size>.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The witness's private key file (from evidence witness keygen).", valueName: "FILE"))
    var witnessKey: String

    @Option(name: .long, help: ArgumentHelp("The witness's own state folder (outside the repository).", valueName: "DIR"))
    var state: String

    @Option(name: .long, help: ArgumentHelp("The log's verifier key, or a file holding it (needed the first time).", valueName: "KEY"))
    var verifierKey: String?

    @Option(name: .long, help: ArgumentHelp("Wait up to SECONDS for a writer to finish.", valueName: "SECONDS"))
    var wait: Double = 0

    @Argument(help: ArgumentHelp("The repository folder (or EVIDENCE_REPO).", valueName: "REPO"))
    var repo: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            guard wait >= 0, wait <= 86_400 else { throw EvidenceError(.usage, "--wait takes 0 to 86400 seconds.") }
            guard let text = try? FileSystem.read(FileSystem.absolute(witnessKey), limit: 4096) else {
                throw EvidenceError(.noInput, "The witness key file \(witnessKey) cannot be read; make one with evidence witness keygen.")
            }
            let key: WitnessKey
            do {
                key = try WitnessKey(parsing: String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw EvidenceError(.usage, "\(witnessKey) is not a witness private key (\(error)); make one with evidence witness keygen.")
            }
            let logKey = try verifierKey.map {
                try VerifierKeyArgument.parse($0, option: "--verifier-key", type: NoteVerifierKey.ed25519)
            }
            var options = RepositoryOptions()
            options.repo = repo
            let path = try options.repositoryPath()
            let outcome = try Witness.cosign(repositoryPath: path, witness: key, state: FileSystem.absolute(state),
                                             verifierKey: logKey, wait: wait)
            if output.json {
                Output.json(.object([
                    "size": .int(Int64(outcome.size)), "rootHash": .string(Base64.encode(outcome.rootHash)),
                    "previousSize": outcome.previousSize.map { .int(Int64($0)) } ?? .null,
                    "cosigned": .string(outcome.path), "witness": .string(key.verifierKey.identity),
                ]))
            } else {
                let since = outcome.previousSize.map { " (consistent with the \($0) entries cosigned before)" } ?? " (first cosignature of this log)"
                Output.line("Cosigned the checkpoint of \(outcome.size) entries\(since): \(outcome.path)")
            }
        }
    }
}
