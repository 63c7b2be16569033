/// A new passphrase slot for the recovery key.
public struct RecoverySlotAddedEvent: LedgerEvent {
    public static let type = EventType.recoverySlotAdded

    public struct Public: EventPart, Codable {
        public var slot: String
    }

    public struct Sealed: EventPart, Codable {
        public var label: String
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        public var label: String
    }

    public var publicPart: Public
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
