import ArgumentParser

struct DisclosureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclosure",
        abstract: "The disclosure officer's records (CPIA 1996): the searches run on a case.",
        subcommands: [DisclosureSearchesCommand.self]
    )
}
