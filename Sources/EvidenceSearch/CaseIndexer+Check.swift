import EvidenceStore
import Foundation
import SearchIndex

extension CaseIndexer {
    /// For `verify`: each index on this host must hold exactly the items the ledger recorded
    /// in its case up to the index's watermark, each in the visibility shard its
    /// classification and sensitivity call for (an item in the wrong shard could be shown
    /// to someone who may not see it; a missing one is hidden from every search).
    public func check() -> (problems: [String], notes: [String]) {
        var problems: [String] = []
        var notes: [String] = []
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let searchable: [CaseRecord]
        do {
            searchable = try session.searchableCases()
        } catch {
            return (["the search indexes could not be checked: \(error)"], [])
        }
        let byID = Dictionary(searchable.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for folder in folders {
            guard let caseRecord = byID[folder] else {
                notes.append("this host keeps a search index of case \(folder), which you may no longer search; the next search deletes it")
                continue
            }
            if (try? CaseIndex.isOutdated(path: indexPath(caseID: caseRecord.id))) == true {
                notes.append("the search index of case \(caseRecord.reference ?? caseRecord.id) is of an older format; the next search rebuilds it")
                continue
            }
            problems += check(caseRecord)
        }
        for caseRecord in searchable where !folders.contains(caseRecord.id) {
            notes.append("case \(caseRecord.reference ?? caseRecord.id) is not indexed on this host yet; the next search indexes it")
        }
        return (problems, notes)
    }

    func check(_ caseRecord: CaseRecord) -> [String] {
        let reference = caseRecord.reference ?? caseRecord.id
        let path = indexPath(caseID: caseRecord.id)
        let repair = "; run evidence reindex --case \(reference)"
        do {
            guard let watermark = try CaseIndex.committedWatermark(path: path) else {
                return ["the search index of case \(reference) has no watermark (it was never completed)\(repair)"]
            }
            // Each item's document is looked up as the item comes: the documents of the whole
            // case are never held at once.
            let indexed = try IndexContents(path: path)
            // Items changed after the watermark may differ until the next catch-up.
            let changedLater = Set(try session.itemChanges(caseID: caseRecord.id, from: watermark,
                                                           types: Self.indexedEventTypes).items)
            var problems: [String] = []
            var known = Set<String>()
            // The case's items a page at a time, in ledger order: a large case's records would
            // otherwise be held whole (most of verify's memory at 45,000 items).
            var from: UInt64 = 0
            while true {
                let page = try session.itemsForIndexing(caseID: caseRecord.id, from: from, before: UInt64(Int64.max),
                                                        limit: Self.checkPage)
                for item in page {
                    known.insert(item.id)
                    if UInt64(item.addedSeq) < watermark {
                        problems += check(item, in: caseRecord, reference: reference, document: try indexed.document(of: item.id),
                                          changedLater: changedLater, repair: repair)
                    }
                }
                guard page.count == Self.checkPage, let last = page.last else { break }
                from = UInt64(last.addedSeq) + 1
            }
            // Documents are flushed in batches before the watermark is recorded, so an
            // interrupted catch-up leaves items the ledger records after the watermark: they
            // are replaced at the next catch-up; and an item disposed of after the watermark
            // leaves at the next catch-up. Only an item the ledger never recorded in this case
            // (or disposed of before the watermark) has no business in its index.
            var strays = Set<String>()
            try indexed.forEachItemID { id in
                if !known.contains(id) && !changedLater.contains(id) { strays.insert(id) }
            }
            for id in strays.sorted() {
                _ = try indexed.document(of: id)  // an unreadable or doubled document says so, as for any item
                problems.append("the search index of case \(reference) holds item \(id), which the ledger does not record in that case\(repair)")
            }
            return problems
        } catch {
            return ["the search index of case \(reference) could not be read (\(error))\(repair)"]
        }
    }

    static let checkPage = 2_000

    /// What is wrong with one item's document, for an item the ledger added before the watermark.
    private func check(_ item: ItemRecord, in caseRecord: CaseRecord, reference: String, document: IndexedItem?,
                       changedLater: Set<String>, repair: String) -> [String] {
        guard let document else {
            return ["the search index of case \(reference) lacks item \(item.id) (\(item.name ?? item.kind ?? "item"), ledger entry \(item.addedSeq)): no search finds it\(repair)"]
        }
        guard !changedLater.contains(item.id) else { return [] }
        var problems: [String] = []
        let classification = item.classification ?? caseRecord.classification ?? "SECRET"
        let sensitive = item.sensitive ?? false
        let shard = CaseIndex.shardName(classification: classification, sensitive: sensitive)
        if document.shard != shard || document.sensitive != sensitive
            || document.classification.uppercased() != classification.uppercased() {
            problems.append("the search index of case \(reference) holds item \(item.id) as \(document.classification)\(document.sensitive ? ", sensitive" : ""), but the ledger says \(classification)\(sensitive ? ", sensitive" : "")\(repair)")
        }
        if document.parentID != item.parentID || document.caseID != item.caseID {
            problems.append("the search index of case \(reference) links item \(item.id) to the wrong case or parent\(repair)")
        }
        return problems
    }
}
