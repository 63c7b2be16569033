/// The stage a case has reached (CPIA retention). The same facts are public (disposal must
/// be checkable with no key, §7.10), sealed and in the audit part.
public struct CaseStatusEvent: LedgerEvent {
    public static let type = EventType.caseStatus

    public struct Facts: EventPart, Codable {
        public var status: String
        /// `YYYY-MM-DD`.
        public var date: String
        /// For `convicted` only, when the person was released.
        public var released: String?
    }

    public var publicPart: Facts
    public var sealedPart: Facts
    public var audit: EventAudit<Facts>
}
