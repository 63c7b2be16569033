/// A membership ended.
public struct CaseRevokedEvent: LedgerEvent {
    public static let type = EventType.caseRevoked

    public struct Public: EventPart, Codable {
        public var user: String
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        /// The member's name.
        public var member: String
    }

    public var publicPart: Public
    public var audit: EventAudit<AuditFacts>
}
