import EvidenceStore
import Foundation
import SearchIndex

/// One catch-up round of one case's index: the items indexed, in ledger order, and the
/// parents whose parts (attachments, messages) are recorded once the index is committed.
struct IndexingRound {
    let caseRecord: CaseRecord
    let path: String
    let index: CaseIndex
    var names: [String: String]
    var indexed = 0
    var parents: [(ItemRecord, ExtractedDocument)] = []
    /// The date each item indexed in this round was given, for its parts.
    var datesIndexed: [String: Int64] = [:]

    init(caseRecord: CaseRecord, path: String, index: CaseIndex, names: [String: String]) {
        self.caseRecord = caseRecord
        self.path = path
        self.index = index
        self.names = names
    }
}

extension CaseIndexer {
    /// Indexes one item by id, or removes its document when the catalog no longer has it
    /// readable and undisposed.
    func indexItem(id: String, in round: inout IndexingRound) throws {
        guard let item = try session.itemForIndexing(id: id) else {
            try round.index.remove(itemID: id)
            return
        }
        try indexItem(item, in: &round)
    }

    func indexItem(_ item: ItemRecord, in round: inout IndexingRound) throws {
        let extracted = try withoutPartsTooDeep(extract(item), of: item)
        // A part's parent comes before it in the ledger: indexed in this round or committed
        // in an earlier one.
        let parentDate = try item.parentID.flatMap {
            try round.datesIndexed[$0] ?? CaseIndex.indexedItem(path: round.path, itemID: $0)?.date
        }
        let document = IndexDocument(item: item, caseRecord: round.caseRecord, extracted: extracted,
                                     officerNames: round.names, parentDate: parentDate)
        round.datesIndexed[item.id] = document.date
        try round.index.index(document)
        round.indexed += 1
        if !extracted.children.isEmpty { round.parents.append((item, extracted)) }
    }

    /// A case's first build: its items added before `size`, a page at a time in ledger order.
    /// After every full page the index is committed with its watermark at the first item not
    /// indexed yet (or at the first item whose parts are still to be recorded, if earlier), and
    /// those parts are recorded: whatever stops the build, the next catch-up resumes at the
    /// watermark, re-indexing at most one page. Returns the parts recorded part-way.
    func buildFirst(in round: inout IndexingRound, size: UInt64, stamp: String?, wait: Double) throws -> Int {
        let name = round.caseRecord.reference ?? round.caseRecord.id
        let total = try session.countItemsForIndexing(caseID: round.caseRecord.id)
        var done = 0
        var from: UInt64 = 0
        var recorded = 0
        while true {
            let page = try session.itemsForIndexing(caseID: round.caseRecord.id, from: from, before: size,
                                                    limit: firstBuildPage)
            for item in page {
                progress?(name, min(done, total), total)
                try indexItem(item, in: &round)
                done += 1
            }
            guard page.count == firstBuildPage, let last = page.last else { break }
            from = UInt64(last.addedSeq) + 1
            round.index.watermark = round.parents.first.map { min(UInt64($0.0.addedSeq), from) } ?? from
            round.index.visibility = stamp
            try round.index.commit()
            recorded += try recordParts(of: round.parents, in: round.caseRecord, wait: wait)
            round.parents = []
            round.datesIndexed = [:]
            try afterFirstBuildCommit?()
        }
        progress?(name, total, total)
        return recorded
    }

    /// Records the parts of every parent in `parents`, within what each added item may still
    /// have derived below it (`derivedPerAddedItemLimit`); returns how many were recorded.
    func recordParts(of parents: [(ItemRecord, ExtractedDocument)], in caseRecord: CaseRecord, wait: Double) throws -> Int {
        var recorded = 0
        var room: [String: Int] = [:]
        for (parent, extracted) in parents {
            let root = try lineage(of: parent).root
            let limit = derivedPerAddedItemLimit
            let left = try room[root] ?? limit - derivedCount(under: root, limit: limit)
            var kept = extracted
            if kept.children.count > left {
                logger.notice("parts not recorded: the item they come from has the most parts it may have",
                              metadata: ["item": "\(parent.id)", "limit": "\(limit)"])
                kept.children = Array(kept.children.prefix(max(0, left)))
            }
            let count = kept.children.isEmpty ? 0 : try recordParts(of: parent, in: caseRecord, extracted: kept, wait: wait)
            room[root] = left - count
            recorded += count
        }
        return recorded
    }
}
