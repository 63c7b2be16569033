/// One line of `evidence retention due`: a case or an item whose review date has come, or
/// an item a review decided to dispose of that is not yet disposed.
public struct RetentionDueEntry: Sendable, Equatable, Codable {
    public var caseID: String
    public var caseReference: String
    /// Nil for a case's own review.
    public var itemID: String?
    public var reviewDate: String?
    /// `dispose` when a review decided so (and the item is awaiting disposal).
    public var decision: String?
    /// What the item is, for the reader of the list (its exhibit reference or file name).
    public var label: String?
}
