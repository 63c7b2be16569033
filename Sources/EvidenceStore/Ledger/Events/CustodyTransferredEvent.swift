/// A hand-over of an exhibit from one holder to another.
public struct CustodyTransferredEvent: LedgerEvent {
    public static let type = EventType.custodyTransferred

    public struct Sealed: EventPart, Codable {
        /// The holder before, as FORMAT §7.5 derived it when the entry was written.
        public var from: String
        public var to: String
        public var reason: String
        /// The seal and the place from now on, when they change.
        public var seal: String?
        public var location: String?
    }

    /// The reason is the audit part's own `reason`.
    public struct AuditFacts: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        public var seal: String?
        public var location: String?
    }

    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
