import ArgumentParser
import EvidenceStore

struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Place and release legal holds on cases and items (a hold blocks disposal).",
        subcommands: [HoldAddCommand.self, HoldReleaseCommand.self]
    )
}

extension HoldRecord {
    func json(names: [String: String]) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "case": .string(caseID), "addedAt": .string(addedAt), "addedSeq": .int(addedSeq),
            "addedBy": .string(names[addedBy] ?? addedBy), "active": .bool(isActive),
        ]
        if let itemID { object["item"] = .string(itemID) }
        if let reason { object["reason"] = .string(reason) }
        if let releasedAt { object["releasedAt"] = .string(releasedAt) }
        if let releasedBy { object["releasedBy"] = .string(names[releasedBy] ?? releasedBy) }
        if let releaseReason { object["releaseReason"] = .string(releaseReason) }
        return .object(object)
    }

    /// One line: what is held, since when, by whom and why.
    func text(names: [String: String]) -> String {
        let what = itemID.map { "item \($0)" } ?? "the whole case"
        var line = "\(id)  \(what)  placed \(addedAt.prefix(10)) by \(names[addedBy] ?? addedBy)"
        if let reason { line += ": \(reason)" }
        if let releasedAt { line += "  (released \(releasedAt.prefix(10)) by \(releasedBy.map { names[$0] ?? $0 } ?? "?"))" }
        return line
    }
}
