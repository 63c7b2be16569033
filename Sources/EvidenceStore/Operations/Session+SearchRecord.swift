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
                let sealed = SearchRunEvent.Sealed(
                    query: record.query, filters: record.filters, hits: Int64(record.hitsInCase),
                    totalHits: Int64(record.totalHits), shown: record.shownItems,
                    indexWatermark: record.indexWatermark.map { Int64(clamping: $0) },
                    ledgerSize: Int64(clamping: record.ledgerSize), pendingEvents: Int64(record.pendingEvents))
                // Auditors read search records: what was asked and what was shown is in the audit part too.
                try transaction.append(SearchRunEvent(
                    publicPart: VisibilityFacts(classification: record.classification.rawValue, sensitive: record.sensitive),
                    sealedPart: sealed,
                    audit: audit(.init(query: record.query, hits: Int64(record.hitsInCase), shown: record.shownItems),
                                 reason: reason)
                ).draft(caseID: caseID))
            }
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }
}
