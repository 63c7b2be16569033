import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print RFC 9162 proofs: an item's ledger entries are in the log, or the log grew append-only.",
        discussion: """
            evidence prove ITEM prints the inclusion proof of every ledger entry about the item against the \
            newest signed checkpoint. evidence prove --consistency OLD_CHECKPOINT_FILE checks an older \
            checkpoint's signature with the repository's log key and prints the consistency proof from it \
            to the newest checkpoint; it needs no user, since checkpoints and tiles are public. A checkpoint \
            that is not signed by the log key, or whose tree this ledger no longer holds, is refused (65). \
            docs/FORMAT.md section 8.3 describes the output.
            """
    )

    @Argument(help: "The item id.")
    var item: String?

    @Option(name: .long, help: ArgumentHelp("An older signed checkpoint (as evidence checkpoint printed it).", valueName: "OLD_CHECKPOINT_FILE"))
    var consistency: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            switch (item, consistency) {
            case (nil, nil):
                throw EvidenceError(.usage, "Name an item to prove its ledger entries, or give --consistency OLD_CHECKPOINT_FILE.")
            case (.some, .some):
                throw EvidenceError(.usage, "Give an item or --consistency OLD_CHECKPOINT_FILE, not both.")
            case (let item?, nil):
                try proveItem(item)
            case (nil, let file?):
                try proveConsistency(file)
            }
        }
    }

    private func proveItem(_ item: String) throws {
        let wait = try user.waitSeconds()
        let proofs = try user.signIn(repository).run { try await $0.itemProofs($1, itemID: item, wait: wait) }
        if output.json {
            Output.json(ProofText.json(proofs))
        } else {
            for line in ProofText.lines(proofs) { Output.line(line) }
        }
    }

    private func proveConsistency(_ file: String) throws {
        // No sign-in: checkpoints and tiles are public.
        let service = try repository.service()
        let report = try ServiceCall.wait { try await service.consistencyProof(checkpointFile: file) }
        if output.json {
            Output.json(ProofText.json(report))
        } else {
            for line in ProofText.lines(report, source: file) { Output.line(line) }
        }
    }
}
