/// A correction of an item's metadata, or its reclassification (FORMAT §7.4).
public struct ItemAmendedEvent: LedgerEvent {
    public static let type = EventType.itemAmended

    public struct Sealed: EventPart, Codable {
        /// The amended members and their new values, in the form they have in `item.added`:
        /// free-form, since which members may be amended grows with the format.
        public var changes: [String: JSONValue]
        /// The item's metadata after a change of class, and its custody state.
        public var restated: [String: JSONValue]?
        /// The item named to `evidence amend`, for a part reclassified with it.
        public var withItem: String?
    }

    public struct AuditFacts: Codable, Sendable, Equatable {
        /// The names of the amended members, sorted.
        public var fields: [String]
        public var withItem: String?
    }

    /// Both members, with their new values, when the amendment states a class; else absent.
    public var publicPart: VisibilityFacts?
    public var sealedPart: Sealed
    public var audit: EventAudit<AuditFacts>
}
