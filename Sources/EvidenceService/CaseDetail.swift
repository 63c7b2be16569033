import EvidenceStore

/// A case as a user may see it: its record (status, retention review date) and the legal
/// holds on it and on the items of it they may see. The one place that decides which holds
/// the case page and `evidence case show` list.
public struct CaseDetail: Sendable, Codable, Equatable {
    public var record: CaseRecord
    public var holds: [HoldRecord]
    /// User names by id, for the record's and the holds' users.
    public var userNames: [String: String]

    /// `includingReleased`: also the holds released since.
    public static func load(_ session: Session, reference: String, includingReleased: Bool, wait: Double) throws -> CaseDetail {
        let record = try session.findCase(reference, for: .viewMetadata, wait: wait)
        // Holds on items this user may not see are not theirs to know of.
        let holds = try session.holds(caseID: record.id).filter { hold in
            guard includingReleased || hold.isActive else { return false }
            guard let itemID = hold.itemID else { return true }
            return try session.findItemIfVisible(itemID) != nil
        }
        return CaseDetail(record: record, holds: holds, userNames: try session.userNames())
    }
}
