/// The outcome of `evidence verify`, in counts.
public struct VerificationRunEvent: LedgerEvent {
    public static let type = EventType.verificationRun

    public struct Public: EventPart, Codable {
        /// `intact` or `problems`.
        public var outcome: String
        public var treeSize: Int64
        public var items: Int64
        public var objectsDecrypted: Int64
        public var objectsWithoutKeys: Int64
        public var problems: Int64
    }

    public var publicPart: Public
    public var audit: EventAudit<NoFacts>
}
