/// The recovery key used to give a user the audit key or a case's keys.
public struct RecoveryUsedEvent: LedgerEvent {
    public static let type = EventType.recoveryUsed

    public struct Public: EventPart, Codable {
        /// `grant-case` or `grant-audit`.
        public var purpose: String
        public var slot: String
        public var user: String
        /// `case`, `role` and `envelopes` for `grant-case` only.
        public var caseID: String?
        public var role: String?
        public var envelopes: [String: [Int]]?

        private enum CodingKeys: String, CodingKey {
            case purpose, slot, user, role, envelopes
            case caseID = "case"
        }
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var slot: String
        public var grantee: String
        public var role: String?
        public var caseID: String?

        private enum CodingKeys: String, CodingKey {
            case slot, grantee, role
            case caseID = "case"
        }
    }

    public var publicPart: Public
    public var audit: EventAudit<AuditFacts>
}
