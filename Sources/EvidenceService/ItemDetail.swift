import EvidenceSearch
import EvidenceStore
import SearchIndex

/// Everything a user may see of one item: its record, custody now, its ledger events, the
/// parts extracted from it that they may see, legal holds in force, and how text extraction
/// went on this host. The one place that decides what the item page and `evidence show` hold.
public struct ItemDetail: Sendable, Codable, Equatable {
    public var item: ItemRecord
    public var caseReference: String?
    public var custody: CustodyState
    public var events: [EntryRecord]
    public var parts: [ItemRecord]
    public var holds: [HoldRecord]
    /// User names by id, for the events, holds and the record's users.
    public var userNames: [String: String]
    /// How text extraction went, from this host's index of the case (nil when this user keeps
    /// no index of the case here, or the item was disposed of).
    public var extraction: Extraction?

    public struct Extraction: Sendable, Codable, Equatable {
        public var outcome: String
        public var reason: String?
        /// When the text was recognised by OCR: the engine, languages, pages and confidence.
        public var ocr: String? = nil
    }

    /// The item as `session`'s user may see it; refused (and recorded) as `show` is when they
    /// may not ("no item" whether missing or hidden).
    public static func load(_ session: Session, itemID: String, wait: Double) throws -> ItemDetail {
        let (record, caseRecord) = try session.findItem(itemID, for: .viewMetadata, wait: wait)
        let parts = try session.derivedItems(of: record.id).filter { try session.findItemIfVisible($0.id) != nil }
        return ItemDetail(item: record, caseReference: caseRecord.reference,
                          custody: try session.continuity(of: record).current, events: try session.itemEvents(record.id),
                          parts: parts, holds: try session.activeHolds(covering: record), userNames: try session.userNames(),
                          extraction: record.isDisposed ? nil : extraction(session, record))
    }

    static func extraction(_ session: Session, _ item: ItemRecord) -> Extraction? {
        let indexer = CaseIndexer(session: session, extractor: InProcessExtractor())
        guard (try? session.searchableCases().contains { $0.id == item.caseID }) == true else { return nil }
        do {
            guard let indexed = try CaseIndex.indexedItem(path: indexer.indexPath(caseID: item.caseID), itemID: item.id) else {
                return Extraction(outcome: "not yet indexed on this host", reason: "the next search indexes it")
            }
            return Extraction(outcome: indexed.extraction, reason: indexed.extractionReason, ocr: indexed.ocr)
        } catch {
            return Extraction(outcome: "unknown", reason: "the search index could not be read: \(error)")
        }
    }
}
