/// A part of an item (an email attachment, an mbox message) stored as an item of its own.
public struct ItemDerivedEvent: LedgerEvent {
    public static let type = EventType.itemDerived

    /// A part has its parent's class.
    public struct Public: EventPart, Codable {
        public var parent: String
        public var classification: String
        public var sensitive: Bool
    }

    public struct Sealed: EventPart, Codable {
        public var sha256: String
        public var salt: String
        public var size: Int64
        public var name: String
        /// Where in the parent: `message N`, `attachment N`.
        public var part: String
        public var kind: String
        public var mediaType: String
        public var classification: String
        public var sensitive: Bool
        public var duplicateOf: String?
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var size: Int64
        public var parent: String
    }

    public var publicPart: Public
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
