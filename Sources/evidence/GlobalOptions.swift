import ArgumentParser
import EvidenceStore
import Foundation

/// Options every command that opens a repository shares.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The repository folder (or EVIDENCE_REPO).", valueName: "PATH"))
    var repo: String?

    @Option(name: .long, help: ArgumentHelp("The per-host state folder for the catalog (or EVIDENCE_STATE).", valueName: "DIR"))
    var state: String?

    func repositoryPath() throws -> String {
        if let repo, !repo.isEmpty { return FileSystem.absolute(repo) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["EVIDENCE_REPO"], !fromEnvironment.isEmpty {
            return FileSystem.absolute(fromEnvironment)
        }
        throw EvidenceError(.usage, "Name the repository with --repo PATH or EVIDENCE_REPO.")
    }

    func stateRoot() -> String {
        if let state, !state.isEmpty { return FileSystem.absolute(state) }
        return FileSystem.absolute(HostState.defaultRoot())
    }
}

/// The acting user and their passphrase.
struct UserOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The acting user (or EVIDENCE_USER).", valueName: "NAME"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Read the passphrase from the first line of FILE (or EVIDENCE_PASSPHRASE).", valueName: "FILE"))
    var passphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("Why you are doing this; recorded in the audit part of the event (or EVIDENCE_REASON).", valueName: "TEXT"))
    var reason: String?

    @Option(name: .long, help: ArgumentHelp("Wait up to SECONDS for another writer to finish.", valueName: "SECONDS"))
    var wait: Double = 0

    func userName() throws -> String {
        if let user, !user.isEmpty { return user }
        if let fromEnvironment = ProcessInfo.processInfo.environment["EVIDENCE_USER"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        throw EvidenceError(.usage, "Name the acting user with --user NAME or EVIDENCE_USER.")
    }

    func reasonText() -> String? {
        if let reason, !reason.isEmpty { return reason }
        if let fromEnvironment = ProcessInfo.processInfo.environment["EVIDENCE_REASON"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return nil
    }

    func waitSeconds() throws -> Double {
        guard wait >= 0, wait <= 86_400 else { throw EvidenceError(.usage, "--wait takes 0 to 86400 seconds.") }
        return wait
    }

    func passphrase() throws -> String {
        try Passphrase.read(file: passphraseFile, environment: "EVIDENCE_PASSPHRASE", prompt: "Passphrase", confirm: false)
    }
}

struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON on standard output (JSON Lines for lists).")
    var json = false
}
