/// A user who can no longer act.
public struct UserDisabledEvent: LedgerEvent {
    public static let type = EventType.userDisabled

    public struct Public: EventPart, Codable {
        public var user: String
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var name: String
    }

    public var publicPart: Public
    public var audit: EventAudit<AuditFacts>
}
