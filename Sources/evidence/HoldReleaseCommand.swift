import ArgumentParser
import EvidenceService
import EvidenceStore

struct HoldReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release the legal hold on a case or an item (needs record-disclosure; --reason is required).")

    @Argument(help: ArgumentHelp("The case (reference or id) or the item (id) the hold was placed on.", valueName: "CASE|ITEM"))
    var target: String

    @Option(name: .long, help: ArgumentHelp("The hold to release, when several are placed on the same target.", valueName: "ID"))
    var hold: String?

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let call = try user.signIn(repository)
            let (target, holdID, reason, wait) = (target, hold, user.reasonText(), try user.waitSeconds())
            let released = try call.run {
                try await $0.releaseHold($1, on: target, holdID: holdID, reason: reason, wait: wait)
            }
            if output.json {
                Output.json(released.json(names: try call.run { try await $0.userNames($1) }))
            } else {
                Output.line("Released legal hold \(released.id) on \(released.itemID.map { "item \($0)" } ?? "case \(target)").")
            }
        }
    }
}
