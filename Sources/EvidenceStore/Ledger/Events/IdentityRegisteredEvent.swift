/// A user's keys, registered by the user's own entry (the first user's is entry 1).
public struct IdentityRegisteredEvent: LedgerEvent {
    public static let type = EventType.identityRegistered

    public struct Public: EventPart, Codable {
        public var user: String
        /// Base64 32-byte public keys.
        public var sealingKey: String
        public var signingKey: String
        public var keyringGeneration: Int
        /// Hex SHA-256 of the identity file the user wrote (FORMAT §5.3).
        public var identity: String
    }

    public struct Sealed: EventPart, Codable {
        public var name: String
        public var roles: [String]
        /// Repeated from the invitation; absent when the invitation the state holds had none.
        public var clearance: String?
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var name: String
        public var roles: [String]
    }

    public var publicPart: Public
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
