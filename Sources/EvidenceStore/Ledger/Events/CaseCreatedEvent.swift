/// A new case and its first key generation.
public struct CaseCreatedEvent: LedgerEvent {
    public static let type = EventType.caseCreated

    public struct Public: EventPart, Codable {
        public var keyGeneration: Int
        /// `recovery` and user ids, sorted by code units.
        public var keyHolders: [String]
        public var classification: String
        /// `"<generation>/<holder>"` → the indices of the classes sealed in that envelope (§5.6).
        public var envelopes: [String: [Int]]
    }

    public struct Sealed: EventPart, Codable {
        public var reference: String
        public var title: String
        public var classification: String
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var reference: String
        public var recipients: [String]
    }

    public var publicPart: Public
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
