import ArgumentParser

struct WitnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Act as an independent witness: cosign a repository's checkpoints (C2SP tlog-cosignature).",
        subcommands: [WitnessKeygenCommand.self, WitnessCosignCommand.self]
    )
}
