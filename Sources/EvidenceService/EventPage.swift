import EvidenceStore

/// One page of the ledger events a user may see, in order, and where the next page starts.
public struct EventPage: Sendable, Codable, Equatable {
    public var events: [EntryRecord]
    /// User names by id, for the events' actors.
    public var userNames: [String: String]
    /// The sequence number to pass as `after` for the next page; nil on the last page.
    public var nextAfter: Int64?

    public static let maxLimit = 1000

    public static func load(_ session: Session, itemID: String?, caseReference: String?, types: Set<String>,
                            after: Int64?, limit: Int, wait: Double) throws -> EventPage {
        guard (1...maxLimit).contains(limit) else {
            throw ServiceError(.invalidRequest, "A page holds 1 to \(maxLimit) events.", field: "limit")
        }
        let caseID = try caseReference.map { try session.findCase($0, for: .viewMetadata, wait: wait).id }
        var events: [EntryRecord] = []
        try session.forEachLogEntry(itemID: itemID, caseID: caseID, types: types, after: after, limit: limit + 1,
                                    wait: wait) { events.append($0) }
        let more = events.count > limit
        if more { events.removeLast() }
        return EventPage(events: events, userNames: try session.userNames(), nextAfter: more ? events.last?.seq : nil)
    }
}
