/// Entry 0, signed by the log key: the repository announces its keys.
public struct RepositoryCreatedEvent: LedgerEvent {
    public static let type = EventType.repositoryCreated

    public struct Public: EventPart, Codable {
        public var repository: String
        public var origin: String
        /// The C2SP verifier key of the log (FORMAT §7.6).
        public var logKey: String
        /// Base64 X25519 public keys.
        public var auditKey: String
        public var recoveryKey: String
        public var keyringGeneration: Int
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var host: String
    }

    public var publicPart: Public
    public var audit: EventAudit<AuditFacts>
}
