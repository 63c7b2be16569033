import GRDB

/// A legal hold as the catalog projects it (`hold.added`, `hold.released`). A hold without
/// an item covers the whole case.
public struct HoldRecord: Codable, FetchableRecord, Sendable, Equatable {
    public var id: String
    public var caseID: String
    public var itemID: String?
    public var reason: String?
    public var addedSeq: Int64
    public var addedAt: String
    public var addedBy: String
    public var releasedSeq: Int64?
    public var releasedAt: String?
    public var releasedBy: String?
    public var releaseReason: String?

    public var isActive: Bool { releasedSeq == nil }

    enum CodingKeys: String, CodingKey {
        case id, reason
        case caseID = "case_id", itemID = "item_id", addedSeq = "added_seq", addedAt = "added_at", addedBy = "added_by",
             releasedSeq = "released_seq", releasedAt = "released_at", releasedBy = "released_by",
             releaseReason = "release_reason"
    }
}
