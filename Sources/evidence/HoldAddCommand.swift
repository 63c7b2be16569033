import ArgumentParser
import EvidenceService
import EvidenceStore

struct HoldAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Place a legal hold on a case or an item (needs record-disclosure; --reason is required).")

    @Argument(help: ArgumentHelp("The case (reference or id) or the item (id) to hold.", valueName: "CASE|ITEM"))
    var target: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let call = try user.signIn(repository)
            let (target, reason, wait) = (target, user.reasonText(), try user.waitSeconds())
            let hold = try call.run { try await $0.placeHold($1, on: target, reason: reason, wait: wait) }
            if output.json {
                Output.json(hold.json(names: try call.run { try await $0.userNames($1) }))
            } else {
                Output.line("Placed legal hold \(hold.id) on \(hold.itemID.map { "item \($0)" } ?? "case \(target)"): it blocks disposal until released.")
            }
        }
    }
}
