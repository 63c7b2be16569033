/// An access policy put in force. Its text is public: key-less readers replay who may do
/// what under it (FORMAT §7.10).
public struct PolicyAppliedEvent: LedgerEvent {
    public static let type = EventType.policyApplied

    public struct Public: EventPart, Codable {
        /// Hex SHA-256 of `text`.
        public var hash: String
        public var version: Int
        public var text: String
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var hash: String
    }

    public var publicPart: Public
    public var audit: EventAudit<AuditFacts>
}
