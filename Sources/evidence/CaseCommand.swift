import ArgumentParser
import EvidenceStore
import Foundation

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Create, list and show cases, record their status, and manage their members.",
        subcommands: [CaseCreateCommand.self, CaseListCommand.self, CaseShowCommand.self, CaseStatusCommand.self,
                      CaseGrantCommand.self, CaseRevokeCommand.self, CaseRekeyCommand.self]
    )
}

extension CaseRecord {
    var json: JSONValue {
        .object([
            "id": .string(id), "reference": reference.map(JSONValue.string) ?? .null,
            "title": title.map(JSONValue.string) ?? .null, "classification": classification.map(JSONValue.string) ?? .null,
            "createdAt": .string(createdAt), "createdBy": .string(createdBy),
            "status": status.map(JSONValue.string) ?? .null, "statusDate": statusDate.map(JSONValue.string) ?? .null,
            "releasedDate": releasedDate.map(JSONValue.string) ?? .null,
            "reviewDate": reviewDate.map(JSONValue.string) ?? .null,
        ])
    }
}
