/// A user's new identity file: a copy of the old one no longer signs in.
public struct PassphraseChangedEvent: LedgerEvent {
    public static let type = EventType.passphraseChanged

    public struct Public: EventPart, Codable {
        public var user: String
        /// Hex SHA-256 of the new identity file (FORMAT §5.3).
        public var identity: String
    }

    public var publicPart: Public
    public var audit: EventAudit<NoFacts>
}
