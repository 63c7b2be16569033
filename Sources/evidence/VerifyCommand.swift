import ArgumentParser
import EvidenceSearch
import EvidenceService
import EvidenceStore
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the ledger, every object and the catalog; exit 0 only when all is intact.",
        discussion: """
            Objects you hold keys for are decrypted and re-hashed against their recorded SHA-256; the rest \
            are checked against the ciphertext digest recorded at ingest. The ledger's tiles are recomputed \
            from its entries and checked against every checkpoint and signature. Each problem names the item \
            or entry and the check; the exit code is then 65.
            """
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            var report: IntegrityReport
            do {
                let (reason, wait) = (user.reasonText(), try user.waitSeconds())
                let call = try user.signIn(repository, acceptingRollback: true)
                let progress = ProgressLine("verifying")
                report = try call.run {
                    try await $0.verify($1, reason: reason, wait: wait,
                                        progress: { bytes in progress.update(Output.size(Int64(bytes))) })
                }
                progress.finish()
            } catch let error as ServiceError where error.kind == .integrity && (try? Repository(path: repository.repositoryPath())) != nil {
                // Too damaged to sign in: still check, without keys, everything that can be.
                let message = error.storeError?.message ?? error.message
                Output.note("evidence: \(message)")
                Output.note("evidence: Checking what can be checked without signing in (the ledger and the objects' ciphertext digests).")
                let service = try repository.service()
                report = try ServiceCall.wait { try await service.verifyWithoutKeys() }
                if report.problems.isEmpty { report.problems.append(message) }
            }
            if output.json {
                Output.json(.object([
                    "intact": .bool(report.isIntact), "problems": .array(report.problems.map(JSONValue.string)),
                    "notes": .array(report.notes.map(JSONValue.string)), "treeSize": .int(Int64(report.treeSize)),
                    "checkpoints": .int(Int64(report.checkpointsChecked)), "entries": .int(Int64(report.entriesChecked)),
                    "items": .int(Int64(report.itemsChecked)), "itemsDisposed": .int(Int64(report.itemsDisposed)),
                    "objectsDecrypted": .int(Int64(report.objectsDecrypted)),
                    "objectsWithoutKeys": .int(Int64(report.objectsWithoutKeys)),
                    "bytesVerified": .int(Int64(report.bytesVerified)),
                    "uncommittedTail": .int(Int64(report.uncommittedTail)),
                    "recordedAt": report.recordedAt.map { .int(Int64($0)) } ?? .null,
                ]))
            } else {
                Output.line("Ledger: \(report.entriesChecked) entries, \(report.checkpointsChecked) checkpoints checked.")
                Output.line("Items: \(report.itemsChecked)\(report.itemsDisposed > 0 ? " (\(report.itemsDisposed) disposed of)" : ""); objects decrypted and re-hashed: \(report.objectsDecrypted) (\(Output.size(Int64(report.bytesVerified)))); checked without keys: \(report.objectsWithoutKeys).")
                for note in report.notes { Output.line("note: \(note)") }
                for problem in report.problems { Output.note("PROBLEM: \(problem)") }
                Output.line(report.isIntact ? "Intact." : "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") found.")
            }
            if !report.isIntact { throw ExitCode(65) }
        }
    }
}
