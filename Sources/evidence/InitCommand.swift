import ArgumentParser
import EvidenceStore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a repository and its first user, an administrator.",
        discussion: "Prints the log's verifier key: keep a copy outside the repository, for auditors."
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("The first user's name (or EVIDENCE_USER; default admin).", valueName: "NAME"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Read the first user's new passphrase from FILE (or EVIDENCE_PASSPHRASE).", valueName: "FILE"))
    var passphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("Read the recovery passphrase from FILE; without it a recovery code is generated and printed once.", valueName: "FILE"))
    var recoveryPassphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("log2 of scrypt's N for the new key slots (r=8, p=1); 16 uses 64 MiB.", valueName: "N"))
    var kdfCost: Int = 16

    @Option(name: .long, help: ArgumentHelp("Plaintext bytes per object chunk, 4096 to 16777216.", valueName: "BYTES"))
    var chunkSize: Int = ObjectFormat.defaultChunkSize

    func run() throws {
        try CommandRunner.run {
            let path = try repository.repositoryPath()
            let name = user ?? ProcessInfo.processInfo.environment["EVIDENCE_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "admin"
            let passphrase = try Passphrase.read(file: passphraseFile, environment: "EVIDENCE_PASSPHRASE",
                                                 prompt: "New passphrase for \(name)", confirm: true)
            var recovery: String?
            if let recoveryPassphraseFile {
                recovery = try Passphrase.read(file: recoveryPassphraseFile, environment: "EVIDENCE_RECOVERY_PASSPHRASE",
                                               prompt: "Recovery passphrase", confirm: true)
            }
            let result = try RepositoryInitializer.run(.init(
                path: path, stateRoot: repository.stateRoot(), userName: name, passphrase: passphrase,
                recoveryPassphrase: recovery, kdfCost: kdfCost, host: ProcessInfo.processInfo.hostName,
                chunkSize: chunkSize))
            if output.json {
                var object: [String: JSONValue] = [
                    "repository": .string(result.repositoryID), "user": .string(result.userID), "name": .string(name),
                    "verifierKey": .string(result.verifierKey),
                ]
                if let code = result.recoveryCode { object["recoveryCode"] = .string(code) }
                Output.json(.object(object))
            } else {
                Output.line("Created repository \(result.repositoryID) at \(path).")
                Output.line("First user: \(name) (\(result.userID)), administrator.")
                Output.line("Log verifier key (keep a copy outside the repository, for auditors):")
                Output.line("  \(result.verifierKey)")
                if let code = result.recoveryCode {
                    Output.line("Recovery code (shown only now; store it under dual control, e.g. in a sealed envelope):")
                    Output.line("  \(code)")
                }
            }
        }
    }
}
