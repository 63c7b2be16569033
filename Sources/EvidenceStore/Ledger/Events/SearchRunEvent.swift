/// A search a user ran in one case: the disclosure record.
public struct SearchRunEvent: LedgerEvent {
    public static let type = EventType.searchRun

    public struct Sealed: EventPart, Codable {
        public var query: String
        /// As the search reported them; free-form, the search decides what it records.
        public var filters: [String: JSONValue]
        /// Matches in this case, and in all the cases searched together.
        public var hits: Int64
        public var totalHits: Int64
        /// This case's hits on the page shown.
        public var shown: [String]
        /// The ledger size the index was built to; written as null when there was none.
        public var indexWatermark: Int64?
        public var ledgerSize: Int64
        public var pendingEvents: Int64

        private enum CodingKeys: String, CodingKey {
            case query, filters, hits, totalHits, shown, indexWatermark, ledgerSize, pendingEvents
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(query, forKey: .query)
            try container.encode(filters, forKey: .filters)
            try container.encode(hits, forKey: .hits)
            try container.encode(totalHits, forKey: .totalHits)
            try container.encode(shown, forKey: .shown)
            // Null rather than absent: the record says outright that no index was used.
            try container.encode(indexWatermark, forKey: .indexWatermark)
            try container.encode(ledgerSize, forKey: .ledgerSize)
            try container.encode(pendingEvents, forKey: .pendingEvents)
        }
    }

    /// Auditors read search records: what was asked and what was shown.
    public struct AuditFacts: Codable, Sendable, Equatable {
        public var query: String
        public var hits: Int64
        public var shown: [String]
    }

    /// The join of the visibility classes of the hits in this case.
    public var publicPart: VisibilityFacts
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
