import EvidenceStore
import SearchIndex

/// Bounds on the tree of parts below one added item, which the derivation rounds alone do
/// not give: each catch-up runs its rounds afresh, so an archive of archives (42.zip) would
/// otherwise go one level deeper, and fan out sixteen-fold, at every search.
extension CaseIndexer {
    /// Deepest a part may sit below the item that was added: an email's attachment is at 1,
    /// a member of a ZIP attached to it at 2, a member of a ZIP inside that at 3. A file at
    /// this depth is indexed, but its own parts are not recorded (its outcome says so).
    static let maxDerivationDepth = 6
    /// Most items recorded below one added item, at all depths together: one file's parts
    /// are bounded by `ExtractionLimits.maxChildren`, and this bounds a tree of such files.
    static let maxDerivedPerAddedItem = 20_000

    /// The added item `item` descends from, and how many derivations below it `item` is.
    func lineage(of item: ItemRecord) throws -> (root: String, depth: Int) {
        var current = item
        var depth = 0
        while let parentID = current.parentID, depth <= Self.maxDerivationDepth,
              let parent = try session.itemForIndexing(id: parentID) {
            depth += 1
            current = parent
        }
        return (current.id, depth)
    }

    /// An extraction whose parts sit too deep to be recorded: without them, and partial.
    func withoutPartsTooDeep(_ extracted: ExtractedDocument, of item: ItemRecord) throws -> ExtractedDocument {
        guard !extracted.children.isEmpty, item.parentID != nil,
              try lineage(of: item).depth >= Self.maxDerivationDepth else { return extracted }
        var trimmed = extracted
        let note = "its \(extracted.children.count) parts were not recorded: it is \(Self.maxDerivationDepth) levels below the item added, the deepest parts may be"
        trimmed.children = []
        trimmed.outcome = extracted.outcome == .ok ? .partial : extracted.outcome
        trimmed.reason = extracted.reason.map { $0 + " Also, " + note + "." } ?? note.prefix(1).uppercased() + note.dropFirst() + "."
        return trimmed
    }

    /// Items already derived below `root` (disposed ones too), counted up to `limit`.
    func derivedCount(under root: String, limit: Int) throws -> Int {
        var count = 0
        var pending = [root]
        while let id = pending.popLast(), count < limit {
            let parts = try session.derivedItems(of: id)
            count += parts.count
            pending += parts.map(\.id)
        }
        return min(count, limit)
    }
}
