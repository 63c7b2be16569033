import ArgumentParser
import EvidenceStore
import Foundation

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Create and list cases, and manage their members.",
        subcommands: [CaseCreateCommand.self, CaseListCommand.self, CaseGrantCommand.self, CaseRevokeCommand.self,
                      CaseRekeyCommand.self]
    )
}

extension CaseRecord {
    var json: JSONValue {
        .object([
            "id": .string(id), "reference": reference.map(JSONValue.string) ?? .null,
            "title": title.map(JSONValue.string) ?? .null, "classification": classification.map(JSONValue.string) ?? .null,
            "createdAt": .string(createdAt), "createdBy": .string(createdBy),
        ])
    }
}
