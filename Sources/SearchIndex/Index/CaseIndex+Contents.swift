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
        let fm = FileManager.default
        guard fm.fileExists(atPath: path + "/shards") else { return [:] }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: path + "/shards").filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw IndexError.failed("Could not list the search index folder \(path)/shards: \(error.localizedDescription).")
        }
        var items: [String: IndexedItem] = [:]
        do {
            for name in names {
                let shardPath = path + "/shards/" + name
                // A shard being created has no version file yet: nothing in it.
                guard fm.fileExists(atPath: shardPath + "/iamglass") else { continue }
                let reader = try XDatabase(readOnly: shardPath)
                let terms = try itemID.map { [IndexSchema.Prefix.itemID + $0] }
                    ?? reader.allTerms(prefix: IndexSchema.Prefix.itemID).map(\.term)
                for term in terms {
                    guard let document = try reader.firstDocument(withTerm: term) else { continue }
                    let stored: StoredItem
                    do {
                        stored = try StoredItem.decode(try document.data)
                    } catch let failure as XapianFailure {
                        throw failure
                    } catch {
                        throw IndexError.corrupt(path: shardPath, detail: "the data of document \(term) is not readable")
                    }
                    guard items[stored.id] == nil else {
                        throw IndexError.corrupt(path: path, detail: "item \(stored.id) is indexed twice")
                    }
                    items[stored.id] = IndexedItem(
                        itemID: stored.id, parentID: stored.parent, caseID: stored.caseID,
                        classification: stored.classification, sensitive: stored.sensitive,
                        disclosureStatus: stored.status, extraction: stored.extraction,
                        extractionReason: stored.extractionReason, shard: name, date: stored.date)
                }
            }
        } catch let failure as XapianFailure {
            throw IndexError.from(failure, path: path, doing: "read")
        }
        return items
    }

    /// The shard an item of this classification and sensitivity belongs in.
    public static func shardName(classification: String, sensitive: Bool) -> String {
        IndexSchema.shardName(classification: IndexSchema.normalise(classification), sensitive: sensitive)
    }
}
