import ArgumentParser
import EvidenceStore
import Foundation

/// The `evidence` command line: a secure evidence store with a custody ledger.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "A secure evidence and document store with a tamper-evident custody ledger.",
        discussion: """
            Every command takes --repo PATH (or EVIDENCE_REPO) and, where a user acts, --user NAME \
            (or EVIDENCE_USER) with a passphrase from a prompt, --passphrase-file FILE or EVIDENCE_PASSPHRASE. \
            Exit codes: 64 usage, 65 data or integrity, 66 no such input, 74 I/O, 75 busy, 77 denied.
            """,
        version: EvidenceVersion.current,
        subcommands: [
            InitCommand.self, CaseCommand.self, AddCommand.self, ListCommand.self, ShowCommand.self, GetCommand.self,
            AmendCommand.self, LogCommand.self, VerifyCommand.self, CheckpointCommand.self, KeyCommand.self,
            PasswdCommand.self, RebuildCommand.self, UserCommand.self, PolicyCommand.self, RecoverCommand.self,
            SearchCommand.self, ReindexCommand.self, ExtractionReportCommand.self, ExtractWorkerCommand.self,
            AuditCommand.self, WitnessCommand.self, CustodyCommand.self, ProveCommand.self, DisposeCommand.self,
            HoldCommand.self, RetentionCommand.self, DisclosureCommand.self,
        ]
    )
}
