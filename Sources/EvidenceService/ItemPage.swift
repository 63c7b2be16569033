import EvidenceStore

/// One page of the items a user may see, oldest first, and where the next page starts.
public struct ItemPage: Sendable, Codable, Equatable {
    public var items: [ItemRecord]
    /// The item to pass as `after` for the next page; nil on the last page.
    public var nextAfter: String?

    /// Largest page a request may ask for.
    public static let maxLimit = 1000

    public static func load(_ session: Session, caseReference: String?, after: String?, limit: Int,
                            wait: Double) throws -> ItemPage {
        guard (1...maxLimit).contains(limit) else {
            throw ServiceError(.invalidRequest, "A page holds 1 to \(maxLimit) items.", field: "limit")
        }
        var items: [ItemRecord] = []
        // One more than asked says whether there is a next page.
        try session.forEachItem(caseReference: caseReference, after: after, limit: limit + 1, wait: wait) { items.append($0) }
        let more = items.count > limit
        if more { items.removeLast() }
        return ItemPage(items: items, nextAfter: more ? items.last?.id : nil)
    }
}
