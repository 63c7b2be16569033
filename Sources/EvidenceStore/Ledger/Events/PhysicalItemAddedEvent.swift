/// An exhibit with no file (a knife in a sealed bag) and its continuity.
public struct PhysicalItemAddedEvent: LedgerEvent {
    public static let type = EventType.physicalItemAdded

    public struct Sealed: EventPart, Codable {
        public var kind: String
        /// Both always present and non-empty.
        public var exhibitRef: String
        public var description: String
        public var classification: String
        public var sensitive: Bool
        public var seizedBy: String?
        public var seizedAt: String?
        public var location: String?
        public var seal: String?
        public var storageLocation: String?
    }

    /// The custody facts without the description, which stays with the case.
    public struct AuditFacts: Codable, Sendable, Equatable {
        public var exhibitRef: String
        public var seizedBy: String?
        public var seizedAt: String?
        public var location: String?
        public var seal: String?
        public var storageLocation: String?
    }

    public var publicPart: VisibilityFacts
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
