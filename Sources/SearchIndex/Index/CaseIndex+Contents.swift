import Foundation

/// What an index holds for one item: enough to check it against the ledger (`verify`) and
/// to report extraction outcomes, read without the write lock.
public struct IndexedItem: Sendable, Equatable {
    public var itemID: String
    public var parentID: String?
    public var caseID: String
    public var classification: String
    public var sensitive: Bool
    public var disclosureStatus: String
    public var extraction: String
    public var extractionReason: String?
    /// How OCR recognised the text, when it did.
    public var ocr: String? = nil
    /// The visibility shard the document is in (it must match classification and sensitivity).
    public var shard: String
    /// The item's date as indexed (milliseconds since 1970 UTC).
    public var date: Int64
}

extension CaseIndex {
    /// Every document of the committed index at `path`, by item id, read-only (a writer
    /// may be at work). No index there: empty. A document whose data cannot be read, or an
    /// item in two shards, is reported as corrupt.
    public static func indexedItems(path: String) throws -> [String: IndexedItem] {
        try read(path: path, only: nil)
    }

    /// One item's document, if the index at `path` holds it.
    public static func indexedItem(path: String, itemID: String) throws -> IndexedItem? {
        try read(path: path, only: itemID)[itemID]
    }

    private static func read(path: String, only itemID: String?) throws -> [String: IndexedItem] {
        let contents = try IndexContents(path: path)
        var items: [String: IndexedItem] = [:]
        if let itemID {
            items[itemID] = try contents.document(of: itemID)
            return items
        }
        try contents.forEachItemID { id in
            guard items[id] == nil, let document = try contents.document(of: id) else { return }
            items[id] = document
        }
        return items
    }

    /// The shard an item of this classification and sensitivity belongs in.
    public static func shardName(classification: String, sensitive: Bool) -> String {
        IndexSchema.shardName(classification: IndexSchema.normalise(classification), sensitive: sensitive)
    }
}
