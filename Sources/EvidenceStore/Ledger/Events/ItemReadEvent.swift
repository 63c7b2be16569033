/// An item's content taken out of the repository.
public struct ItemReadEvent: LedgerEvent {
    public static let type = EventType.itemRead

    public struct Sealed: EventPart, Codable {
        /// The output path, `-` for standard output.
        public var destination: String
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        /// As in the sealed part, but `standard output` spelt out.
        public var destination: String
    }

    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
