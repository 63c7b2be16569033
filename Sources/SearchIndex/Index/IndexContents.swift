import Foundation

/// The committed index of one case, read one item at a time, read-only (a writer may be at
/// work): each shard opened once, an item's document found by its id term. `verify` checks
/// every item of a case against its document this way, without holding the documents of the
/// whole case (a dictionary of them was most of verify's memory at 100,000 items).
public final class IndexContents {
    private let path: String
    private let shards: [(name: String, path: String, database: XDatabase)]

    /// No index at `path`: no shards, and nothing found.
    public init(path: String) throws {
        self.path = path
        let fm = FileManager.default
        guard fm.fileExists(atPath: path + "/shards") else {
            shards = []
            return
        }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: path + "/shards").filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw IndexError.failed("Could not list the search index folder \(path)/shards: \(error.localizedDescription).")
        }
        var shards: [(String, String, XDatabase)] = []
        for name in names {
            let shardPath = path + "/shards/" + name
            // A shard being created has no version file yet: nothing in it.
            guard fm.fileExists(atPath: shardPath + "/iamglass") else { continue }
            let database: XDatabase
            do {
                database = try XDatabase(readOnly: shardPath)
            } catch {
                throw IndexError.from(error, path: path, doing: "read")
            }
            shards.append((name, shardPath, database))
        }
        self.shards = shards
    }

    /// The item's document, if the index holds it. A document whose data cannot be read, or an
    /// item in two shards, is reported as corrupt.
    public func document(of itemID: String) throws -> IndexedItem? {
        let term = IndexSchema.Prefix.itemID + itemID
        var found: IndexedItem?
        do {
            for shard in shards {
                guard let document = try shard.database.firstDocument(withTerm: term) else { continue }
                let stored = try StoredItem.read(document, damagedAt: shard.path,
                                                 detail: "the data of document \(term) is not readable")
                guard found == nil, stored.id == itemID else {
                    throw IndexError.corrupt(path: path, detail: "item \(stored.id) is indexed twice")
                }
                found = IndexedItem(itemID: stored.id, parentID: stored.parent, caseID: stored.caseID,
                                    classification: stored.classification, sensitive: stored.sensitive,
                                    disclosureStatus: stored.status, extraction: stored.extraction,
                                    extractionReason: stored.extractionReason, ocr: stored.ocr, shard: shard.name,
                                    date: stored.date)
            }
        } catch let failure as XapianFailure {
            throw IndexError.from(failure, path: path, doing: "read")
        }
        return found
    }

    /// Every item id the index holds, shard by shard (an id in two shards comes twice), without
    /// collecting them first.
    public func forEachItemID(_ body: (String) throws -> Void) throws {
        let prefix = IndexSchema.Prefix.itemID
        do {
            for shard in shards {
                var failure: Error?
                try shard.database.forEachTerm(prefix: prefix) { term in
                    guard failure == nil else { return }
                    do { try body(String(term.dropFirst(prefix.count))) } catch { failure = error }
                }
                if let failure { throw failure }
            }
        } catch let failure as XapianFailure {
            throw IndexError.from(failure, path: path, doing: "read")
        }
    }
}
