import Foundation

/// One search as the ledger records it, for one case searched (CPIA: the search terms used
/// must be recorded). The store knows nothing of the index; the caller says what it found.
public struct SearchRecord: Sendable {
    /// The query exactly as the user typed it.
    public var query: String
    /// The filters and options in force: kinds, sort, offset, limit, the cases searched together.
    public var filters: [String: JSONValue]
    /// Matches in this case, and in all the cases searched together.
    public var hitsInCase: Int
    public var totalHits: Int
    /// The ids of the hits in this case shown to the user (the page they saw).
    public var shownItems: [String]
    /// The index's state: the ledger position it was built to, the ledger's size, and the
    /// index-changing events it had not caught up with (0: current).
    public var indexWatermark: UInt64?
    public var ledgerSize: UInt64
    public var pendingEvents: Int
    /// The join of the visibility classes of the hits in this case (the highest classification,
    /// sensitive if any hit was; OFFICIAL and not sensitive without hits): public, so that every
    /// reader can tell whether they may see the record's details (Visibility).
    public var classification: Classification
    public var sensitive: Bool

    public init(query: String, filters: [String: JSONValue], hitsInCase: Int, totalHits: Int, shownItems: [String],
                indexWatermark: UInt64?, ledgerSize: UInt64, pendingEvents: Int,
                classification: Classification = .official, sensitive: Bool = false) {
        self.classification = classification
        self.sensitive = sensitive
        self.query = query
        self.filters = filters
        self.hitsInCase = hitsInCase
        self.totalHits = totalHits
        self.shownItems = shownItems
        self.indexWatermark = indexWatermark
        self.ledgerSize = ledgerSize
        self.pendingEvents = pendingEvents
    }
}

extension Session {
    /// Records a search, one `search.run` event per case searched, in one commit, before
    /// any result is shown: a search whose record cannot be written is not shown at all.
    public func recordSearch(_ records: [(caseID: String, record: SearchRecord)], reason: String?, wait: Double) throws {
        guard !records.isEmpty else { return }
        let transaction = try LedgerTransaction(session: self, wait: wait, shareable: true)
        do {
            for (caseID, record) in records {
                var sealed: [String: JSONValue] = [
                    "query": .string(record.query), "filters": .object(record.filters),
                    "hits": .int(Int64(record.hitsInCase)), "totalHits": .int(Int64(record.totalHits)),
                    "shown": .array(record.shownItems.map(JSONValue.string)),
                    "ledgerSize": .int(Int64(clamping: record.ledgerSize)), "pendingEvents": .int(Int64(record.pendingEvents)),
                ]
                sealed["indexWatermark"] = record.indexWatermark.map { .int(Int64(clamping: $0)) } ?? .null
                // Auditors read search records: what was asked and what was shown is in the audit part too.
                var audit = auditBase(reason: reason)
                audit["query"] = .string(record.query)
                audit["hits"] = .int(Int64(record.hitsInCase))
                audit["shown"] = .array(record.shownItems.map(JSONValue.string))
                try transaction.append(EventDraft(
                    type: EventType.searchRun, caseID: caseID,
                    publicPart: ["classification": .string(record.classification.rawValue), "sensitive": .bool(record.sensitive)],
                    auditPart: audit, sealedPart: sealed))
            }
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }
}
