/// Items and the search index's source, answered from the tables as Catalog+Items.swift and
/// Catalog+Indexing.swift answer them.
extension InMemoryCatalogScope {
    func itemRecord(id: String) throws -> ItemRecord? { tables.items[id] }

    /// In no promised order (as in SQLite): here, by id.
    func itemRecords(ids: [String]) throws -> [ItemRecord] {
        Set(ids).compactMap { tables.items[$0] }.sorted { $0.id < $1.id }
    }

    func itemsDerived(from parentID: String) throws -> [ItemRecord] {
        tables.itemRows(where: { $0.parentID == parentID })
    }

    func itemsPage(inCases caseIDs: [String], afterAddedSeq cursor: Int64, limit: Int) throws -> [ItemRecord] {
        let cases = Set(caseIDs)
        return InMemoryCatalogTables.limited(tables.itemRows(where: { $0.addedSeq > cursor && cases.contains($0.caseID) }), limit)
    }

    func firstLiveObject(caseID: String, objectName: String) throws -> CommittedObjectRecord? {
        guard let item = tables.itemRows(where: { $0.caseID == caseID && $0.objectName == objectName && $0.disposedSeq == nil }).first,
              let digest = item.ciphertextSHA256, let size = item.ciphertextSize else { return nil }
        return CommittedObjectRecord(itemID: item.id, ciphertextSHA256: digest, ciphertextSize: size)
    }

    func indexableItems(caseID: String, from: UInt64, before: UInt64, limit: Int) throws -> [ItemRecord] {
        let (from, before) = (Int64(clamping: from), Int64(clamping: before))
        let found = tables.itemRows(where: { item in
            item.caseID == caseID && item.isOpened && item.disposedSeq == nil && item.addedSeq >= from && item.addedSeq < before
        })
        return InMemoryCatalogTables.limited(found, limit)
    }

    func indexableItemCount(caseID: String) throws -> Int {
        tables.items.values.count(where: { $0.caseID == caseID && $0.isOpened && $0.disposedSeq == nil })
    }

    func indexableItem(id: String) throws -> ItemRecord? {
        tables.items[id].flatMap { $0.isOpened && $0.disposedSeq == nil ? $0 : nil }
    }
}

extension InMemoryCatalogTables {
    /// The items that match, in the order they were added.
    func itemRows(where matches: (ItemRecord) -> Bool) -> [ItemRecord] {
        items.values.filter(matches).sorted { ($0.addedSeq, $0.id) < ($1.addedSeq, $1.id) }
    }
}
