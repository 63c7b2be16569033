import EvidenceStore

/// How a ledger event reads, for every front end: one line per event, readable as a continuity
/// record (`evidence log`, `evidence show`, the item page), and the JSON form of an event. Only
/// what the user's catalog holds is used, so nothing they may not see is worded.
public enum EventDescription {
    public static func parse(_ text: String?) -> [String: JSONValue] {
        guard let text, let value = try? JSONParser.parse(Array(text.utf8)), let object = value.objectValue else { return [:] }
        return object
    }

    public static func json(_ entry: EntryRecord, names: [String: String]) -> JSONValue {
        var object: [String: JSONValue] = [
            "seq": .int(entry.seq), "time": .string(entry.time), "type": .string(entry.type), "actor": .string(entry.actor),
            "actorName": names[entry.actor].map(JSONValue.string) ?? .null, "leafHash": .string(entry.leafHash),
            "sealed": .string(entry.sealedState), "audit": .string(entry.auditState),
        ]
        if let caseID = entry.caseID { object["case"] = .string(caseID) }
        if let itemID = entry.itemID { object["item"] = .string(itemID) }
        if let invalid = entry.invalid { object["invalid"] = .string(invalid) }
        if entry.publicJSON != nil { object["public"] = .object(parse(entry.publicJSON)) }
        if entry.sealedJSON != nil { object["details"] = .object(parse(entry.sealedJSON)) }
        if entry.auditJSON != nil { object["auditDetails"] = .object(parse(entry.auditJSON)) }
        return .object(object)
    }

    /// One line per event, readable as a continuity record; `cases` names cases by reference.
    /// Each type is worded from its typed parts; an entry whose parts do not fit its type (or
    /// of a type this version does not know) is worded member by member, as before types.
    public static func line(_ entry: EntryRecord, names: [String: String], cases: [String: String] = [:]) -> String {
        let actor = names[entry.actor] ?? entry.actor
        var detail = typedDetail(entry, names: names, cases: cases) ?? memberDetail(entry, names: names, cases: cases)
        if entry.sealedState == "locked" { detail += " [sealed: no key]" }
        // What it found is of a class this user may not see: that it happened, not what it was.
        if entry.sealedState == "hidden" { detail += " (details hidden)" }
        if let invalid = entry.invalid { detail += " [INVALID, changes nothing: \(invalid)]" }
        return "#\(entry.seq)  \(entry.time)  \(actor)  \(detail)"
    }
}
