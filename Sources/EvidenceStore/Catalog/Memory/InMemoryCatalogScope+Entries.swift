/// The watermark, locked parts, visibility marks and entries, answered from the tables as
/// the SQLite catalog's queries answer them (Catalog+Watermark.swift, Catalog+Locks.swift,
/// Catalog+Visibility.swift, Catalog+Entries.swift): same orders, same empty answers.
extension InMemoryCatalogScope {
    /// `CAST(value AS INTEGER)`: 0 when none is recorded.
    func watermarkTreeSize() throws -> Int64 {
        tables.meta["treeSize"].flatMap { Int64($0) } ?? 0
    }

    func watermarkRoot() throws -> String? { tables.meta["root"] }

    func watermarkRepository() throws -> String? { tables.meta["repository"] }

    /// Distinct pairs; sorted, where SQLite gives them in no promised order.
    func lockedCases() throws -> [(String, UInt32)] {
        var seen = Set<String>()
        var result: [(String, UInt32)] = []
        for entry in tables.entries.values.sorted(by: { $0.record.seq < $1.record.seq }) {
            guard entry.record.sealedState == OpenedEntry.PartState.locked.rawValue, let caseID = entry.record.caseID,
                  let key = entry.sealedKey else { continue }
            let keyID = UInt32(clamping: key)
            if seen.insert("\(caseID)/\(keyID)").inserted { result.append((caseID, keyID)) }
        }
        return result.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    func hasLockedRepositoryEntries() throws -> Bool {
        tables.entries.values.contains { $0.record.caseID == nil && $0.record.sealedState == OpenedEntry.PartState.locked.rawValue }
    }

    func hasLockedAuditParts() throws -> Bool {
        tables.entries.values.contains { $0.record.auditState == OpenedEntry.PartState.locked.rawValue }
    }

    func visibilityFingerprints() throws -> [String: String] { tables.visibility }

    func caseEntries(caseID: String, before: UInt64) throws -> [(seq: UInt64, invalid: String?)] {
        let before = Int64(clamping: before)
        return tables.entryRows(where: { $0.caseID == caseID && $0.seq < before })
            .map { (UInt64(max(0, $0.seq)), $0.invalid) }
    }

    func lastEntrySeq() throws -> Int64? { tables.entries.keys.max() }

    func entries(ofItem itemID: String) throws -> [EntryRecord] {
        tables.entryRows(where: { $0.itemID == itemID })
    }

    func entriesPage(after seq: Int64, caseID: String?, types: Set<String>, limit: Int) throws -> [EntryRecord] {
        let page = tables.entryRows(where: { entry in
            entry.seq > seq && (caseID == nil || entry.caseID == caseID) && (types.isEmpty || types.contains(entry.type))
        })
        return InMemoryCatalogTables.limited(page, limit)
    }

    func itemChanges(caseID: String, from seq: UInt64, types: Set<String>) throws -> (items: [String], events: Int) {
        let from = Int64(clamping: seq)
        var seen = Set<String>()
        var items: [String] = []
        var events = 0
        for entry in tables.entryRows(where: { $0.caseID == caseID && $0.seq >= from && $0.itemID != nil }) {
            guard types.contains(entry.type), let item = entry.itemID else { continue }
            events += 1
            if seen.insert(item).inserted { items.append(item) }
        }
        return (items, events)
    }
}

extension InMemoryCatalogTables {
    /// The entries that match, in ledger order.
    func entryRows(where matches: (EntryRecord) -> Bool) -> [EntryRecord] {
        entries.values.lazy.map(\.record).filter(matches).sorted { $0.seq < $1.seq }
    }

    /// SQL's `LIMIT`: a negative limit is none.
    static func limited<T>(_ rows: [T], _ limit: Int) -> [T] {
        limit < 0 ? rows : Array(rows.prefix(limit))
    }
}
