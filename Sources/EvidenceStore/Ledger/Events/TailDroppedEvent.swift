/// This host's uncommitted tail, set aside before the next commit.
public struct TailDroppedEvent: LedgerEvent {
    public static let type = EventType.tailDropped

    public struct Public: EventPart, Codable {
        /// Entries dropped.
        public var dropped: Int64
        /// The checkpoint size they followed.
        public var from: Int64
        /// The folder under `ledger/` the tail's files were moved to.
        public var keptIn: String
    }

    public var publicPart: Public
    public var audit: EventAudit<NoFacts>
}
