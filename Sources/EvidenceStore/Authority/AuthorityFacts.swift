/// Readers of the public facts authority rests on (FORMAT §7.10). Each returns nil for a
/// missing or malformed fact, which makes the entry that needed it invalid.
extension AuthorityState {
    static func publicKey(_ value: JSONValue?) -> [UInt8]? {
        guard let text = value?.stringValue, let key = Base64.decode(text), key.count == 32 else { return nil }
        return key
    }

    /// A non-empty array of distinct strings.
    static func strings(_ value: JSONValue?) -> [String]? {
        guard let array = value?.arrayValue else { return nil }
        let strings = array.compactMap(\.stringValue)
        guard strings.count == array.count, Set(strings).count == strings.count else { return nil }
        return strings
    }

    /// An item's visibility class: its `classification` and `sensitive` members.
    static func visibility(_ facts: [String: JSONValue]) -> (Classification, Bool)? {
        guard let typed = try? VisibilityFacts(part: facts),
              let classification = Classification(rawValue: typed.classification) else { return nil }
        return (classification, typed.sensitive)
    }

    static func statusRecord(_ facts: [String: JSONValue]) -> StatusRecord? {
        // A `released` that is there must be a date: null is malformed here, not absent.
        guard facts["released"] != .null, let typed = try? CaseStatusEvent.Facts(part: facts),
              let status = CaseStatus(rawValue: typed.status), let date = CalendarDate(parsing: typed.date) else { return nil }
        var released: CalendarDate?
        if let text = typed.released {
            guard let parsed = CalendarDate(parsing: text) else { return nil }
            released = parsed
        }
        return StatusRecord(status: status, date: date, released: released)
    }

    /// What the actor of a log-signed entry signs with their own key: the entry's signing
    /// input (§7.2) without `signature` and without `public.actorSignature`.
    public static func actorSigningBytes(_ entry: LedgerEntry) -> [UInt8] {
        var unsigned = entry
        unsigned.publicPart?["actorSignature"] = nil
        return Array("evidence/v1/actor-signature\n".utf8) + CanonicalJSON.encode(unsigned.json(includingSignature: false))
    }
}

extension Timestamp {
    /// The UTC day of this time.
    public var calendarDate: CalendarDate {
        CalendarDate(parsing: String(description.prefix(10))) ?? CalendarDate(year: 1970, month: 1, day: 1)
    }
}
