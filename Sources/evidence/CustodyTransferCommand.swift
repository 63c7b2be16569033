import ArgumentParser
import EvidenceService
import EvidenceStore

struct CustodyTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Record that an exhibit was handed over: from its current holder to --to NAME.",
        discussion: """
            The hand-over is a ledger event signed by you (you need record-custody in the item's case). \
            Give --reason TEXT (or EVIDENCE_REASON); --seal when the exhibit was resealed, --location when \
            it moved. The holder it is handed over from is the one the continuity record shows now.
            """
    )

    @Argument(help: "The item id.")
    var item: String

    @Option(name: .long, help: ArgumentHelp("Who receives the exhibit (a person or a place, as on the label).", valueName: "NAME"))
    var to: String

    @Option(name: .long, help: ArgumentHelp("The seal or bag number it is in from now on.", valueName: "NUMBER"))
    var seal: String?

    @Option(name: .long, help: ArgumentHelp("Where it is kept from now on.", valueName: "TEXT"))
    var location: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let request = try CustodyTransferRequest(itemID: item, to: to, reason: user.reasonText(), seal: seal,
                                                     location: location)
            let wait = try user.waitSeconds()
            let recorded = try user.signIn(repository).run {
                try await $0.transferCustody($1, itemID: request.itemID, to: request.to, reason: request.reason,
                                             seal: request.seal, location: request.location, wait: wait)
            }
            if output.json {
                Output.json(.object([
                    "item": .string(request.itemID), "seq": .int(Int64(recorded.seq)), "from": .string(recorded.from),
                    "to": .string(request.to), "custody": recorded.now.json,
                ]))
            } else {
                Output.line("Recorded the hand-over of \(request.itemID) from \(recorded.from) to \(request.to) (ledger entry \(recorded.seq)); now \(recorded.now.summary).")
            }
        }
    }
}
