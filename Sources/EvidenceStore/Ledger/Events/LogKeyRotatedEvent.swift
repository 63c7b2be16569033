/// A new log signing key, in an entry signed by the key it replaces (FORMAT §7.8).
public struct LogKeyRotatedEvent: LedgerEvent {
    public static let type = EventType.logKeyRotated

    public struct Public: EventPart, Codable {
        /// C2SP verifier keys.
        public var logKey: String
        public var previousLogKey: String
        public var keyringGeneration: Int
        /// `recovery` and the users not disabled, sorted by code units.
        public var keyHolders: [String]
        /// The actor's own signature, added by the transaction as it signs (so nil in a draft).
        public var actorSignature: String?
    }

    public var publicPart: Public
    public var audit: EventAudit<NoFacts>
}
