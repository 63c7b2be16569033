import ArgumentParser
import EvidenceService
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
            let (id, wait) = (item, try user.waitSeconds())
            // What the user may see of the item is the service's decision (ItemDetail).
            let detail = try user.signIn(repository).run { try await $0.item($1, id: id, wait: wait) }
            let (record, names, events, parts, holds) = (detail.item, detail.userNames, detail.events, detail.parts, detail.holds)
            let extraction = detail.extraction
            let custody = detail.custody
            let caseReference = detail.caseReference
            if output.json {
                guard case .object(var object) = record.json else { return }
                object["caseReference"] = caseReference.map(JSONValue.string) ?? .null
                object["custody"] = custody.json
                object["events"] = .array(events.map { LogCommand.json($0, names: names) })
                object["parts"] = .array(parts.map { .string($0.id) })
                object["holds"] = .array(holds.map { $0.json(names: names) })
                if let extraction {
                    object["extraction"] = .string(extraction.outcome)
                    if let reason = extraction.reason { object["extractionReason"] = .string(reason) }
                    if let ocr = extraction.ocr { object["extractionOCR"] = .string(ocr) }
                }
                Output.json(.object(object))
                return
            }
            let rows: [(String, String?)] = [
                ("Item", record.id), ("Case", "\(caseReference ?? "?") (\(record.caseID))"), ("Kind", record.kind),
                ("Content", record.physical ? "physical exhibit (no digital content)" : nil),
                ("Exhibit ref", record.exhibitRef), ("Description", record.description), ("File name", record.name),
                ("Path", record.path), ("Size", record.size.map { "\($0) bytes" }), ("SHA-256", record.sha256),
                ("Media type", record.mediaType), ("Modified", record.modified), ("Seized by", record.seizedBy),
                ("Seized at", record.seizedAt), ("Location", record.location), ("Seal when added", record.seal),
                ("Stored when added", record.storageLocation), ("Custody", "now \(custody.summary)"),
                ("Classification", record.classification),
                ("Sensitive", record.sensitive.map { $0 ? "yes (MG6D)" : "no" }), ("Same content as", record.duplicateOf),
                ("Part of", record.parentID.map { "\($0) (\(record.part ?? "part"))" }),
                ("Text extraction", extraction.map { "\($0.outcome)\($0.reason.map { ": \($0)" } ?? "")" }),
                ("Text source", extraction?.ocr.map { "recognised by OCR: \($0)" }),
                ("Added", "\(record.addedAt) by \(names[record.addedBy] ?? record.addedBy)"),
                ("Ciphertext SHA-256", record.ciphertextSHA256), ("Commitment", record.commitment),
                ("Disposed of", record.disposedAt.map { "\($0) by \(record.disposedBy.map { names[$0] ?? $0 } ?? "?") (ledger entry \(record.disposedSeq ?? 0)); the content no longer exists" }),
                ("Review date", record.reviewDate), ("Review decision", record.reviewDecision),
            ]
            for (label, value) in rows {
                guard let value else { continue }
                Output.line(label.padding(toLength: 19, withPad: " ", startingAt: 0) + value)
            }
            if !parts.isEmpty {
                Output.line("")
                Output.line("Parts recorded as items of their own:")
                for part in parts {
                    Output.line("  \(part.id)  \(part.part ?? "part")  \(part.name ?? "")")
                }
            }
            if !holds.isEmpty {
                Output.line("")
                Output.line("Legal holds in force (disposal is blocked):")
                for hold in holds { Output.line("  " + hold.text(names: names)) }
            }
            Output.line("")
            Output.line("Custody events:")
            for event in events {
                Output.line("  " + LogCommand.text(event, names: names))
            }
        }
    }
}
