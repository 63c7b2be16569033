/// A new case key generation, sealed to the recovery key and the current members.
public struct CaseRekeyedEvent: LedgerEvent {
    public static let type = EventType.caseRekeyed

    public struct Public: EventPart, Codable {
        /// The new generation.
        public var keyGeneration: Int
        /// Sorted by code units.
        public var keyHolders: [String]
        /// `"<generation>/<holder>"` → the indices of the classes sealed in that envelope (§5.6).
        public var envelopes: [String: [Int]]
    }

    public var publicPart: Public
    public var audit: EventAudit<NoFacts>
}
