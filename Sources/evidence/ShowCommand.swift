import ArgumentParser
import EvidenceStore
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an item's metadata, hash and custody events.")

    @Argument(help: "The item id.")
    var item: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let session = try user.openSession(repository)
            let (record, caseRecord) = try session.findItem(item, for: .viewMetadata, wait: try user.waitSeconds())
            let names = try session.userNames()
            let events = try session.itemEvents(record.id)
            if output.json {
                guard case .object(var object) = record.json else { return }
                object["caseReference"] = caseRecord.reference.map(JSONValue.string) ?? .null
                object["events"] = .array(events.map { LogCommand.json($0, names: names) })
                Output.json(.object(object))
                return
            }
            let rows: [(String, String?)] = [
                ("Item", record.id), ("Case", "\(caseRecord.reference ?? "?") (\(record.caseID))"), ("Kind", record.kind),
                ("Exhibit ref", record.exhibitRef), ("Description", record.description), ("File name", record.name),
                ("Path", record.path), ("Size", record.size.map { "\($0) bytes" }), ("SHA-256", record.sha256),
                ("Media type", record.mediaType), ("Modified", record.modified), ("Seized by", record.seizedBy),
                ("Seized at", record.seizedAt), ("Location", record.location), ("Classification", record.classification),
                ("Sensitive", record.sensitive.map { $0 ? "yes (MG6D)" : "no" }), ("Same content as", record.duplicateOf),
                ("Added", "\(record.addedAt) by \(names[record.addedBy] ?? record.addedBy)"),
                ("Ciphertext SHA-256", record.ciphertextSHA256), ("Commitment", record.commitment),
            ]
            for (label, value) in rows {
                guard let value else { continue }
                Output.line(label.padding(toLength: 19, withPad: " ", startingAt: 0) + value)
            }
            Output.line("")
            Output.line("Custody events:")
            for event in events {
                Output.line("  " + LogCommand.text(event, names: names))
            }
        }
    }
}
