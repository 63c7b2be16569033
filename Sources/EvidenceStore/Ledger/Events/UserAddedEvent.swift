/// An invitation: the user registers their own keys later (`identity.registered`).
public struct UserAddedEvent: LedgerEvent {
    public static let type = EventType.userAdded

    /// Roles and clearance are public: key-less readers replay who may do what (§7.10).
    public struct Public: EventPart, Codable {
        public var user: String
        public var roles: [String]
        public var clearance: String
    }

    public struct Sealed: EventPart, Codable {
        public var name: String
        public var roles: [String]
        public var clearance: String
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var name: String
        public var roles: [String]
        public var clearance: String
    }

    public var publicPart: Public
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
