import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage the recovery key's passphrase slots, and rotate the log signing key.",
        subcommands: [KeyAddCommand.self, KeyListCommand.self, KeyRemoveCommand.self, KeyRotateLogCommand.self]
    )
}

struct KeyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the recovery key's slots.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let wait = try user.waitSeconds()
            for slot in try user.signIn(repository).run({ try await $0.recoverySlots($1, wait: wait) }) {
                if output.json {
                    Output.json(.object(["slot": .string(slot.slotID), "label": .string(slot.label),
                                         "created": .string(slot.created), "kdfCost": .int(Int64(slot.kdfCost))]))
                } else {
                    Output.line("\(slot.slotID)  \(slot.created)  scrypt 2^\(slot.kdfCost)  \(slot.label)")
                }
            }
        }
    }
}

struct KeyAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a slot: the recovery key under another passphrase (e.g. a second custodian's).")

    @Option(name: .long, help: ArgumentHelp("An existing recovery passphrase or code, from FILE (or EVIDENCE_RECOVERY_PASSPHRASE).", valueName: "FILE"))
    var recoveryPassphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("The new slot's passphrase, from FILE (or EVIDENCE_NEW_RECOVERY_PASSPHRASE).", valueName: "FILE"))
    var newRecoveryPassphraseFile: String?

    @Option(name: .long, help: "A label for the slot, e.g. the custodian's role.")
    var label: String = "recovery passphrase"

    @Option(name: .long, help: ArgumentHelp("log2 of scrypt's N for the new slot.", valueName: "N"))
    var kdfCost: Int = 16

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let call = try user.signIn(repository)
            let existing = try Passphrase.read(file: recoveryPassphraseFile, environment: "EVIDENCE_RECOVERY_PASSPHRASE",
                                               prompt: "Existing recovery passphrase or code", confirm: false)
            let new = try Passphrase.read(file: newRecoveryPassphraseFile, environment: "EVIDENCE_NEW_RECOVERY_PASSPHRASE",
                                          prompt: "New recovery passphrase", confirm: true)
            let (label, kdfCost, reason, wait) = (label, kdfCost, user.reasonText(), try user.waitSeconds())
            let slot = try call.run {
                try await $0.addRecoverySlot($1, existingPassphrase: existing, newPassphrase: new, label: label, kdfCost: kdfCost,
                                             reason: reason, wait: wait)
            }
            if output.json { Output.json(["slot": .string(slot.slotID), "label": .string(slot.label)]) } else {
                Output.line("Added recovery key slot \(slot.slotID) (\(slot.label)).")
            }
        }
    }
}

struct KeyRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a recovery key slot (never the last).")

    @Argument(help: "The slot id (see evidence key list).")
    var slot: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let (slot, reason, wait) = (slot, user.reasonText(), try user.waitSeconds())
            try user.signIn(repository).run { try await $0.removeRecoverySlot($1, slotID: slot, reason: reason, wait: wait) }
            Output.line("Removed recovery key slot \(slot).")
        }
    }
}
