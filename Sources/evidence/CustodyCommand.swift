import ArgumentParser

struct CustodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody",
        abstract: "Record hand-overs of exhibits and show their continuity, as a record or a printable report.",
        subcommands: [CustodyTransferCommand.self, CustodyHistoryCommand.self, CustodyReportCommand.self]
    )
}
