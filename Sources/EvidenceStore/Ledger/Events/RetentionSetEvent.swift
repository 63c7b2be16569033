/// A review date set on an item or a case, or cleared.
public struct RetentionSetEvent: LedgerEvent {
    public static let type = EventType.retentionSet

    public struct Facts: EventPart, Codable {
        /// `YYYY-MM-DD`; written as null (not left out) when the date is cleared.
        public var reviewDate: String?

        private enum CodingKeys: String, CodingKey {
            case reviewDate
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(reviewDate, forKey: .reviewDate)
        }
    }

    public var sealedPart: Facts
    public var audit: EventAudit<Facts>
}
