/// The outcome of a retention review of an item.
public struct RetentionReviewedEvent: LedgerEvent {
    public static let type = EventType.retentionReviewed

    public struct Sealed: EventPart, Codable {
        /// `retain` or `dispose`.
        public var decision: String
        public var reason: String
        /// Set by a `retain` that names one.
        public var nextReview: String?
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var decision: String
    }

    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
