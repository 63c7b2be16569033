/// A user made a member of a case, with the case key generations sealed to them.
public struct CaseGrantedEvent: LedgerEvent {
    public static let type = EventType.caseGranted

    public struct Public: EventPart, Codable {
        public var user: String
        public var role: String
        /// The case's current generation.
        public var keyGeneration: Int
        /// Both absent from the creator's own grant, whose envelope `case.created` accounts for.
        public var generations: [Int]?
        public var envelopes: [String: [Int]]?
    }

    /// `slot` and `case` only when written by `recover grant-case`, whose `recovery.used`
    /// audit part this repeats.
    public struct AuditFacts: Codable, Sendable, Equatable {
        public var grantee: String
        public var role: String
        public var slot: String?
        public var caseID: String?

        private enum CodingKeys: String, CodingKey {
            case grantee, role, slot
            case caseID = "case"
        }
    }

    public var publicPart: Public
    public var audit: EventAudit<AuditFacts>
}
