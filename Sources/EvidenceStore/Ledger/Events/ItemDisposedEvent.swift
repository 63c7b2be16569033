/// An item crypto-shredded: its content is destroyed once the entry commits.
public struct ItemDisposedEvent: LedgerEvent {
    public static let type = EventType.itemDisposed

    public struct Sealed: EventPart, Codable {
        public var reason: String
        /// The item named to `evidence dispose`, for a part disposed of with it.
        public var withItem: String?
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var withItem: String?
    }

    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
