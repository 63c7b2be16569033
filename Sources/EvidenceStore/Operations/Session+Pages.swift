/// Lists and logs read from the catalog a batch at a time, in the order they are printed, so
/// that a page (`limit` rows after a cursor) or the first lines of a long listing cost what
/// they show, not what the repository holds; and a whole listing streams in bounded memory.
extension Session {
    /// Rows read from the catalog per query.
    static let pageBatch = 500

    /// Items this user may see (of one case when given), oldest first: each is passed to `body`
    /// in turn, at most `limit` of them (all when nil), starting after the item `after`.
    public func forEachItem(caseReference: String?, after: String? = nil, limit: Int? = nil, wait: Double = 0,
                            _ body: (ItemRecord) throws -> Void) throws {
        if let limit, limit < 1 { throw EvidenceError(.usage, "A page holds at least one item.") }
        let cases: [CaseRecord]
        if let caseReference {
            cases = [try findCase(caseReference, for: .viewMetadata, wait: wait)]
        } else {
            cases = try listCases()
        }
        let byID = Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var cursor: Int64 = -1
        if let after {
            guard let start = try findItemIfVisible(after) else { throw EvidenceError.noSuchItem(after) }
            cursor = start.item.addedSeq
        }
        guard !byID.isEmpty else { return }
        let policy = try currentPolicy().policy
        let me = try subject()
        let ids = Array(byID.keys)
        // "Same content as" must not name an item this user may not see.
        var duplicateVisible: [String: Bool] = [:]
        var remaining = limit ?? .max
        while remaining > 0 {
            let batch = try catalog.itemsPage(inCases: ids, afterAddedSeq: cursor, limit: Self.pageBatch)
            guard let last = batch.last else { return }
            cursor = last.addedSeq
            for stored in batch {
                guard let item = try boundToLedger(stored), item.isOpened, let caseRecord = byID[item.caseID],
                      Authorizer.decide(me, .viewMetadata, target(for: item, in: caseRecord), policy: policy).outcome == .allowed
                else { continue }
                var shown = item
                if let duplicate = item.duplicateOf {
                    let visible = try duplicateVisible[duplicate] ?? isListed(duplicate, cases: byID, policy: policy, subject: me)
                    duplicateVisible[duplicate] = visible
                    if !visible { shown.duplicateOf = nil }
                }
                try body(shown)
                remaining -= 1
                if remaining == 0 { return }
            }
        }
    }

    /// Ledger events this user may see, in order (of one item, one case, some types, when
    /// given): each is passed to `body` in turn, at most `limit` (all when nil), starting after
    /// sequence number `after`. An auditor sees every event; anyone else the events of the
    /// cases and items they may see, and those of no case.
    public func forEachLogEntry(itemID: String? = nil, caseID: String? = nil, types: Set<String> = [],
                                after: Int64? = nil, limit: Int? = nil, wait: Double = 0,
                                _ body: (EntryRecord) throws -> Void) throws {
        if let limit, limit < 1 { throw EvidenceError(.usage, "A page holds at least one event.") }
        var remaining = limit ?? .max
        func emit(_ entry: EntryRecord) throws -> Bool {
            guard caseID == nil || entry.caseID == caseID, types.isEmpty || types.contains(entry.type) else { return true }
            try body(entry)
            remaining -= 1
            return remaining > 0
        }
        if let itemID {
            _ = try findItem(itemID, for: .viewMetadata, wait: wait)
            for entry in try itemEvents(itemID) where entry.seq > (after ?? -1) {
                guard try emit(entry) else { return }
            }
            return
        }
        let policy = try currentPolicy().policy
        let me = try subject()
        let auditor = Authorizer.decide(me, .audit, .repository, policy: policy).allowed
        let visibleCases = auditor ? [:] : Dictionary(try listCases().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var itemVisible: [String: Bool] = [:]
        var cursor = after ?? -1
        while true {
            let batch = try catalog.entriesPage(after: cursor, caseID: caseID, types: types, limit: Self.pageBatch)
            guard let last = batch.last else { return }
            if !auditor {
                // The batch's items not seen before, looked up in one query.
                let unseen = Array(Set(batch.compactMap(\.itemID)).filter { itemVisible[$0] == nil })
                let listed = try listedItems(unseen, cases: visibleCases, policy: policy, subject: me)
                for id in unseen { itemVisible[id] = listed.contains(id) }
            }
            for entry in batch {
                if !auditor {
                    if let item = entry.itemID {
                        guard itemVisible[item] == true else { continue }
                    } else if let entryCase = entry.caseID, visibleCases[entryCase] == nil {
                        continue
                    }
                }
                guard try emit(entry) else { return }
            }
            cursor = last.seq
        }
    }

    /// Whether `list` shows the item: bound to the ledger, opened, in one of `cases`, and its
    /// metadata allowed to this user.
    private func isListed(_ id: String, cases: [String: CaseRecord], policy: Policy, subject: AccessSubject) throws -> Bool {
        try listedItems([id], cases: cases, policy: policy, subject: subject).contains(id)
    }

    /// Which of `ids` `list` shows, read a few hundred rows per query.
    private func listedItems(_ ids: [String], cases: [String: CaseRecord], policy: Policy,
                             subject: AccessSubject) throws -> Set<String> {
        var listed: Set<String> = []
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + Self.pageBatch)])
            start += chunk.count
            let rows = try catalog.itemRecords(ids: chunk)
            for stored in rows {
                guard let item = try boundToLedger(stored), item.isOpened, let caseRecord = cases[item.caseID],
                      Authorizer.decide(subject, .viewMetadata, target(for: item, in: caseRecord), policy: policy).outcome == .allowed
                else { continue }
                listed.insert(item.id)
            }
        }
        return listed
    }
}
