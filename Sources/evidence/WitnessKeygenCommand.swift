import ArgumentParser
import EvidenceStore
import Foundation

struct WitnessKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a witness key pair: the private key in FILE (mode 0600), the verifier key in FILE.pub and on stdout.")

    @Option(name: .long, help: ArgumentHelp("The witness's name, e.g. cps.example/witness (no spaces or '+').", valueName: "NAME"))
    var name: String

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the private key (must not exist).", valueName: "FILE"))
    var output: String

    @OptionGroup var format: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let key: WitnessKey
            do {
                key = try WitnessKey.generate(name: name)
            } catch let error as NoteError {
                throw EvidenceError(.usage, "--name must be a valid key name: \(error).")
            }
            let path = FileSystem.absolute(output)
            // Checked before writing either file, so that a refusal leaves no half pair.
            for existing in [path, path + ".pub"] where FileSystem.exists(existing) {
                throw EvidenceError(.usage, "\(existing) already exists; a witness key is never overwritten, so choose another file name.")
            }
            let secret = key.privateKeyText
            try secret.withUnsafeBytes { try FileSystem.writeAtomically(path, Array($0), exclusive: true) }
            try FileSystem.writeAtomically(path + ".pub", Array((key.verifierKey.encoded + "\n").utf8), exclusive: true)
            if format.json {
                Output.json(["verifierKey": .string(key.verifierKey.encoded), "privateKeyFile": .string(path)])
            } else {
                Output.line(key.verifierKey.encoded)
            }
        }
    }
}
