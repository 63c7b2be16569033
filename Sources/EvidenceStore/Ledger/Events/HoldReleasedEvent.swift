/// The end of the hold its `hold.added` placed.
public struct HoldReleasedEvent: LedgerEvent {
    public static let type = EventType.holdReleased

    public var publicPart: HoldFacts
    public var sealedPart: HoldReason
    public var audit: EventAudit<HoldFacts>
}
