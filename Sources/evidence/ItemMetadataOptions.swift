import ArgumentParser

/// The continuity details of an item, shared by `add` (recorded) and `amend` (corrected).
struct ItemMetadataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The exhibit reference, e.g. JS/1.", valueName: "REF"))
    var exhibitRef: String?

    @Option(name: .long, help: ArgumentHelp("What the item is.", valueName: "TEXT"))
    var description: String?

    @Option(name: .long, help: ArgumentHelp("Who seized it.", valueName: "NAME"))
    var seizedBy: String?

    @Option(name: .long, help: ArgumentHelp("When it was seized (ISO 8601).", valueName: "ISO8601"))
    var seizedAt: String?

    @Option(name: .long, help: ArgumentHelp("Where it was seized.", valueName: "TEXT"))
    var location: String?

    @Option(name: .long, help: ArgumentHelp("The seal or bag number it is sealed in.", valueName: "NUMBER"))
    var seal: String?

    @Option(name: .long, help: ArgumentHelp("Where it is stored (later moves are custody transfers).", valueName: "TEXT"))
    var storageLocation: String?
}
