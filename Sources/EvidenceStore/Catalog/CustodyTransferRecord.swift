import GRDB

/// One hand-over of an exhibit (`custody.transferred`) as the catalog projects it.
/// Holder names, seal and location are nil when the projecting user could not open the
/// entry's sealed part.
public struct CustodyTransferRecord: Codable, FetchableRecord, Sendable, Equatable {
    public var seq: Int64
    public var caseID: String
    public var itemID: String
    public var time: String
    /// The user who recorded the hand-over.
    public var actor: String
    public var fromHolder: String?
    public var toHolder: String?
    /// The new seal or bag number, when the exhibit was resealed.
    public var seal: String?
    /// Where the exhibit is kept after the hand-over, when it moved.
    public var location: String?
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case seq, time, actor, seal, location, reason
        case caseID = "case_id", itemID = "item_id", fromHolder = "from_holder", toHolder = "to_holder"
    }
}
