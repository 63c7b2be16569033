/// One line of an exhibit's continuity record, as an officer would exhibit it in a statement.
public struct ContinuityStep: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The seizure, as the officers stated it (the time is theirs, not the ledger's).
        case seized
        /// The item entered the store (`item.added` or `physical-item.added`).
        case recorded
        /// A hand-over (`custody.transferred`).
        case transferred
        /// Recorded details were corrected (`item.amended`).
        case amended
    }

    public var kind: Kind
    /// The canonical UTC time (docs/FORMAT.md §1), or nil for a seizure without a stated time.
    public var time: String?
    /// The ledger entry recording the step; nil for the seizure, which the add entry records.
    public var seq: Int64?
    /// The user who recorded the step.
    public var recordedBy: String?
    /// The sentence describing the step.
    public var text: String

    public init(kind: Kind, time: String?, seq: Int64?, recordedBy: String?, text: String) {
        self.kind = kind
        self.time = time
        self.seq = seq
        self.recordedBy = recordedBy
        self.text = text
    }

    /// `2026-03-14 03:05:00 UTC` for a canonical time; a time in any other form as it is.
    public static func displayTime(_ canonical: String?) -> String {
        guard let canonical else { return "time not stated" }
        guard let time = Timestamp(canonical: canonical) else { return canonical }
        let text = time.description
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(8)) UTC"
    }

    public var displayTime: String { Self.displayTime(time) }
}
