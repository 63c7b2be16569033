import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check a repository with only its log's verifier key: no user, no passphrase, no content.",
        discussion: """
            Recomputes the ledger from its tiles and checks every checkpoint and entry signature, following \
            log key rotations from the key given (never the one stored in the repository); checks consistency \
            with each --trusted-checkpoint (a rolled-back or forked repository fails) and this host's remembered \
            checkpoint; checks every object's ciphertext digest and every wrapped key the ledger accounts for; \
            and, for each --witness-key, that the witness cosigned this log. Each problem names the entry, item \
            or file hit. Exit 0 only when all holds, else 65.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The log's C2SP verifier key (name+keyid+base64), or a file holding it.", valueName: "KEY"))
    var verifierKey: String

    @Option(name: .long, help: ArgumentHelp("A signed checkpoint kept from earlier; the ledger must extend it. Repeatable.", valueName: "FILE"))
    var trustedCheckpoint: [String] = []

    @Option(name: .long, help: ArgumentHelp("A witness's cosignature verifier key (type 0x04), or a file holding it; it must have cosigned. Repeatable.", valueName: "KEY"))
    var witnessKey: [String] = []

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let key = try VerifierKeyArgument.parse(verifierKey, option: "--verifier-key", type: NoteVerifierKey.ed25519)
            let witnesses = try witnessKey.map {
                try VerifierKeyArgument.parse($0, option: "--witness-key", type: NoteVerifierKey.cosignatureEd25519)
            }
            var trusted: [TrustedCheckpoint] = []
            for file in trustedCheckpoint {
                guard let bytes = try? FileSystem.read(FileSystem.absolute(file), limit: 1 << 20) else {
                    throw EvidenceError(.noInput, "The trusted checkpoint \(file) cannot be read; give the path of a signed checkpoint file.")
                }
                trusted.append(TrustedCheckpoint(name: file, bytes: bytes))
            }
            // No sign-in: an auditor holds no user's keys. The service adds this host's newest
            // checkpoint to the trusted ones (a ledger that no longer extends it was rolled back).
            let (service, given) = (try repository.service(), trusted)
            let report = try ServiceCall.wait {
                try await service.audit(verifierKey: key, trustedCheckpoints: given, witnessKeys: witnesses)
            }
            if output.json {
                Output.json(.object([
                    "intact": .bool(report.isIntact), "problems": .array(report.problems.map(JSONValue.string)),
                    "notes": .array(report.notes.map(JSONValue.string)), "treeSize": .int(Int64(report.treeSize)),
                    "checkpoints": .int(Int64(report.checkpointsChecked)), "entries": .int(Int64(report.entriesChecked)),
                    "items": .int(Int64(report.itemsChecked)), "itemsDisposed": .int(Int64(report.itemsDisposed)),
                    "objectsChecked": .int(Int64(report.objectsWithoutKeys)),
                    "wrappedKeysChecked": .int(Int64(report.envelopesChecked)),
                    "trustedCheckpoints": .int(Int64(report.trustedCheckpointsChecked)),
                    "witnessed": .array(report.witnessed.map { .object(["witness": .string($0.witness), "size": .int(Int64($0.size))]) }),
                    "uncommittedTail": .int(Int64(report.uncommittedTail)),
                ]))
            } else {
                Output.line("Ledger: \(report.entriesChecked) entries, \(report.checkpointsChecked) checkpoints checked with \(key.identity).")
                Output.line("Items: \(report.itemsChecked) (\(report.itemsDisposed) disposed); objects checked against their ciphertext digest: \(report.objectsWithoutKeys); wrapped keys present: \(report.envelopesChecked).")
                Output.line("Trusted checkpoints consistent: \(report.trustedCheckpointsChecked) of \(report.trustedCheckpointsGiven).")
                for witness in report.witnessed { Output.line("Witness \(witness.witness) cosigned up to \(witness.size) entries.") }
                for note in report.notes { Output.line("note: \(note)") }
                for problem in report.problems { Output.note("PROBLEM: \(problem)") }
                Output.line(report.isIntact ? "Intact." : "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") found.")
            }
            if !report.isIntact { throw ExitCode(65) }
        }
    }
}
