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

extension RetentionSetEvent.Facts {
    // The member must be there, as a date or null: a part without it says neither that a
    // date was set nor that one was cleared. (In an extension, so the memberwise init stays.)
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reviewDate = try container.decode(String?.self, forKey: .reviewDate)
    }
}
