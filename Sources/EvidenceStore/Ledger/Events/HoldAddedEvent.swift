/// A legal hold on a case (no item) or an item: blocks disposal until released.
public struct HoldAddedEvent: LedgerEvent {
    public static let type = EventType.holdAdded

    public var publicPart: HoldFacts
    public var sealedPart: HoldReason
    public var audit: EventAudit<HoldFacts>
}
