/// A refusal: every one is recorded, for the auditor's eyes only.
public struct AccessDeniedEvent: LedgerEvent {
    public static let type = EventType.accessDenied

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var action: String
        /// What was asked for, as typed.
        public var target: String
        /// `denied` or `invisible`.
        public var outcome: String
        public var rule: String
    }

    public var audit: EventAudit<AuditFacts>
}
