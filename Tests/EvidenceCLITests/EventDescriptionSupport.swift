@testable import EvidenceService
@testable import EvidenceStore
import Testing

/// Catalog rows made from typed events, stored as the catalog stores them (canonical JSON
/// text per part), so that the one-line wording is pinned on what real entries hold.
enum EventDescriptionSupport {
    static let time = "2026-03-04T05:06:07Z"
    static let names = ["usr_ada": "Ada", "usr_bo": "Bo"]
    static let cases = ["cas_1": "OP-1"]

    /// How the reader got on with a sealed or audit part: what `OpenedEntry.PartState` records.
    enum Part: String {
        case open, locked, hidden
    }

    static func record<Event: LedgerEvent>(_ event: Event, caseID: String? = nil, itemID: String? = nil,
                                           sealed: Part = .open, audit: Part = .open, invalid: String? = nil) throws -> EntryRecord {
        let draft = try event.draft(caseID: caseID, itemID: itemID)
        return EntryRecord(seq: 7, type: draft.type, time: time, actor: "usr_ada", caseID: caseID, itemID: itemID,
                           signer: "usr_ada", leafHash: String(repeating: "0", count: 64), publicJSON: text(draft.publicPart),
                           sealedJSON: sealed == .open ? text(draft.sealedPart) : nil,
                           auditJSON: audit == .open ? text(draft.auditPart) : nil,
                           sealedState: draft.sealedPart == nil ? "none" : sealed.rawValue,
                           auditState: draft.auditPart == nil ? "none" : audit.rawValue, invalid: invalid)
    }

    /// A row with parts as given, for entries that do not fit their type (hand-written, or by
    /// another version).
    static func raw(_ type: String, caseID: String? = nil, itemID: String? = nil, public publicJSON: String? = nil,
                    sealed sealedJSON: String? = nil, audit auditJSON: String? = nil, sealedState: String = "open") -> EntryRecord {
        EntryRecord(seq: 7, type: type, time: time, actor: "usr_ada", caseID: caseID, itemID: itemID, signer: "usr_ada",
                    leafHash: String(repeating: "0", count: 64), publicJSON: publicJSON, sealedJSON: sealedJSON,
                    auditJSON: auditJSON, sealedState: sealedState, auditState: auditJSON == nil ? "locked" : "open",
                    invalid: nil)
    }

    static func text(_ members: [String: JSONValue]?) -> String? {
        members.map { CanonicalJSON.encodeString(.object($0)) }
    }

    /// The line, less the sequence number, time and actor every line starts with; worded from
    /// the typed parts, which a test would not notice otherwise (the member-by-member wording
    /// gives the same line).
    static func detail(_ record: EntryRecord, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(EventDescription.typedDetail(record, names: names, cases: cases) != nil, sourceLocation: sourceLocation)
        return line(record, sourceLocation: sourceLocation)
    }

    /// The line of an entry that does not fit its type, worded member by member.
    static func memberDetail(_ record: EntryRecord, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(EventDescription.typedDetail(record, names: names, cases: cases) == nil, sourceLocation: sourceLocation)
        return line(record, sourceLocation: sourceLocation)
    }

    private static func line(_ record: EntryRecord, sourceLocation: SourceLocation) -> String {
        let line = EventDescription.line(record, names: names, cases: cases)
        let prefix = "#7  \(time)  Ada  "
        #expect(line.hasPrefix(prefix), "\(line)", sourceLocation: sourceLocation)
        return String(line.dropFirst(prefix.count))
    }

    static func audit<Facts>(_ facts: Facts, reason: String? = nil) -> EventAudit<Facts> {
        EventAudit(actorName: "Ada", reason: reason, facts: facts)
    }
}
