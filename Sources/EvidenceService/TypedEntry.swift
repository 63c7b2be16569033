import EvidenceStore

/// A catalog entry read through its event type, with what its line names users and cases by.
struct TypedEntry<Event: LedgerEvent> {
    let record: EntryRecord
    let publicPart: Event.Public
    /// Nil when the reader could not open the part (no key, or hidden from them).
    let sealed: Event.Sealed?
    let audit: EventAudit<Event.AuditFacts>?
    let names: [String: String]
    let cases: [String: String]

    /// Nil when a stored part is not a JSON object or does not fit the type: such an entry,
    /// written by hand or by another version, is worded member by member instead.
    init?(_ record: EntryRecord, names: [String: String], cases: [String: String]) {
        guard let parts = try? Event.decodeParts(public: Self.members(record.publicJSON), sealed: Self.members(record.sealedJSON),
                                                 audit: Self.members(record.auditJSON)) else { return nil }
        self.record = record
        publicPart = parts.publicPart
        sealed = parts.sealed
        audit = parts.audit
        self.names = names
        self.cases = cases
    }

    private struct NotAnObject: Error {}

    private static func members(_ text: String?) throws -> [String: JSONValue]? {
        guard let text else { return nil }
        guard let object = try JSONParser.parse(Array(text.utf8)).objectValue else { throw NotAnObject() }
        return object
    }

    /// A user by name when the catalog knows it, else by id.
    func name(_ userID: String) -> String {
        names[userID] ?? userID
    }

    /// The entry's item and case, "?" for one it does not name (as lines have always shown).
    var itemID: String { record.itemID ?? "?" }
    var caseID: String { record.caseID ?? "?" }
}
