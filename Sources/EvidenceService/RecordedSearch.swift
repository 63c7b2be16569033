import EvidenceStore

/// One search run on a case, as its `search.run` ledger entry records it: the disclosure
/// officer's record of the searches made (CPIA Code of Practice; the disclosure management
/// document lists them).
public struct RecordedSearch: Sendable, Codable, Equatable {
    /// The entry's sequence number in the ledger: where an auditor finds it.
    public var seq: Int64
    public var time: String
    public var userID: String
    public var userName: String?
    /// The reason the user gave for the search, where this user may read the audit part.
    public var reason: String?
    /// As typed; nil when neither the sealed nor the audit part could be opened by this user.
    public var query: String?
    /// The cases searched together, the kinds filtered on, the order and the operator
    /// (`and`: every word; `or`: any word); nil when sealed from this user.
    public var casesSearched: [String]?
    public var kinds: [String]?
    public var sort: String?
    public var wordOperator: String?
    /// Matches in this case when it ran, and in all the cases searched together.
    public var hits: Int64?
    public var totalHits: Int64?
    /// Index changes the search's index had not caught up with (0: current).
    public var pendingEvents: Int64?
    /// Matches in this case now, when the search was run again (`rerun`).
    public var hitsNow: Int?
    /// Why it could not be run again, when it could not.
    public var rerunProblem: String?

    init(_ entry: TypedEntry<SearchRunEvent>) {
        seq = entry.record.seq
        time = entry.record.time
        userID = entry.record.actor
        userName = entry.names[entry.record.actor] ?? entry.audit?.actorName
        reason = entry.audit?.reason
        if let sealed = entry.sealed {
            query = sealed.query
            casesSearched = sealed.filters["cases"]?.arrayValue?.compactMap(\.stringValue)
            kinds = sealed.filters["kinds"]?.arrayValue?.compactMap(\.stringValue)
            sort = sealed.filters["sort"]?.stringValue
            wordOperator = sealed.filters["operator"]?.stringValue
            hits = sealed.hits
            totalHits = sealed.totalHits
            pendingEvents = sealed.pendingEvents
        } else if let audit = entry.audit?.facts {
            // An auditor opens the audit part only: what was asked and how much was found.
            query = audit.query
            hits = audit.hits
        }
    }

    /// The search to run again: the same words, kinds and operator, in this case alone.
    func rerunQuery(caseReference: String) -> SearchQuery? {
        guard let query else { return nil }
        var again = SearchQuery(text: query)
        again.cases = [caseReference]
        again.kinds = kinds ?? []
        again.anyWord = wordOperator == "or"
        again.limit = 1
        again.reason = "re-run of the search recorded at #\(seq), for the disclosure search record"
        return again
    }
}

/// Every search recorded on one case, oldest first.
public struct SearchRecordReport: Sendable, Codable, Equatable {
    public var caseReference: String
    public var searches: [RecordedSearch]
    /// Whether the searches were run again (their `hitsNow`).
    public var rerun: Bool
}
