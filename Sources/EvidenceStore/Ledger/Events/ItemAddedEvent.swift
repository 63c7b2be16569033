/// A file stored as an item.
public struct ItemAddedEvent: LedgerEvent {
    public static let type = EventType.itemAdded

    public struct Sealed: EventPart, Codable {
        /// Hex SHA-256 of the original bytes, and the commitment's salt.
        public var sha256: String
        public var salt: String
        public var size: Int64
        public var name: String
        public var path: String
        /// The exact bytes of a path that is not UTF-8, base64 (`path` shows them as `\xNN`).
        public var rawPath: String?
        public var modified: String
        public var kind: String
        public var classification: String
        public var sensitive: Bool
        public var mediaType: String
        public var exhibitRef: String?
        public var description: String?
        public var seizedBy: String?
        public var seizedAt: String?
        public var location: String?
        public var seal: String?
        public var storageLocation: String?
        /// An earlier item of the case whose object this entry repeats.
        public var duplicateOf: String?
        public var reviewDate: String?
    }

    /// The custody facts without the description, which stays with the case.
    public struct AuditFacts: Codable, Sendable, Equatable {
        public var size: Int64
        public var exhibitRef: String?
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
