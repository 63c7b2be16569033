/// A recovery key slot deleted (never the last).
public struct RecoverySlotRemovedEvent: LedgerEvent {
    public static let type = EventType.recoverySlotRemoved

    public struct Public: EventPart, Codable {
        public var slot: String
    }

    public var publicPart: Public
    public var audit: EventAudit<NoFacts>
}
