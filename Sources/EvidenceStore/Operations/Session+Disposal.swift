import Foundation

/// Disposal by crypto-shredding (§6, §7.4 `item.disposed`). The order makes a crash safe:
/// the `item.disposed` entries are committed first, then, still under the writer lock (so
/// no `add` can land on the object meanwhile), each object no live item shares is
/// destroyed. A crash in between leaves an object the ledger says is disposed of: `verify`
/// notes it, and running `evidence dispose` on the item again removes it.
extension Session {
    public func dispose(itemID: String, reason: String?, wait: Double) throws -> DisposalResult {
        let reason = try Self.requireReason(reason)
        let (item, caseRecord) = try findItem(itemID, for: .dispose, reason: reason, wait: wait)
        // Crypto-shredding destroys digital content; a physical exhibit has none. Its
        // destruction or return is a hand-over in its continuity record.
        guard !item.physical else {
            throw EvidenceError(.usage, "Item \(item.id) is a physical exhibit: it has no digital content to dispose of; record its destruction or return with evidence custody transfer.")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            guard let current = try currentItem(item.id), let caseNow = try currentCase(caseRecord.id) else {
                throw EvidenceError.noSuchItem(itemID)
            }
            if current.isDisposed {
                // Finishing an interrupted disposal: only objects no live item needs.
                let family = try disposalFamily(of: current, includingDisposed: true).filter(\.isDisposed)
                let shredded = try shred(family, after: current)
                guard shredded.removed > 0 else { throw Self.disposedError(current, "nothing of it is left to remove") }
                try transaction.finish()
                return DisposalResult(items: family.map(\.id), entries: [], objectsRemoved: shredded.removed,
                                      objectsKept: shredded.kept, finishedEarlier: true)
            }
            let family = try disposalFamily(of: current, includingDisposed: false)
            try checkDisposalAllowed(family, named: current, in: caseNow)
            var entries: [UInt64] = []
            for member in family {
                let withItem = member.id != current.id ? current.id : nil
                let entry = try transaction.append(ItemDisposedEvent(
                    sealedPart: .init(reason: reason, withItem: withItem),
                    audit: audit(.init(withItem: withItem), reason: reason)
                ).draft(caseID: member.caseID, itemID: member.id, commitment: member.commitment.flatMap(Hex.decode)))
                entries.append(entry.seq)
            }
            // Durable (and projected) before anything is destroyed.
            try transaction.commit()
            let shredded = try shred(family, after: current)
            try transaction.finish()
            return DisposalResult(items: family.map(\.id), entries: entries, objectsRemoved: shredded.removed,
                                  objectsKept: shredded.kept, finishedEarlier: false)
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// The item and every part extracted from it, recursively (parents before parts).
    func disposalFamily(of item: ItemRecord, includingDisposed: Bool) throws -> [ItemRecord] {
        var family: [ItemRecord] = [item]
        var seen: Set<String> = [item.id]
        var index = 0
        while index < family.count {
            let parts = try catalog.itemsDerived(from: family[index].id)
            for part in parts where seen.insert(part.id).inserted && (includingDisposed || !part.isDisposed) {
                family.append(part)
            }
            index += 1
        }
        return family
    }

    /// Refuses (65) while a legal hold covers any of `family` or the case's status forbids
    /// disposal; refuses (77) a part the user may not dispose of.
    func checkDisposalAllowed(_ family: [ItemRecord], named item: ItemRecord, in caseRecord: CaseRecord) throws {
        let reference = caseRecord.reference ?? caseRecord.id
        let policy = try currentPolicy().policy
        let me = try subject()
        for part in family where part.id != item.id {
            guard Authorizer.decide(me, .dispose, target(for: part, in: caseRecord), policy: policy).allowed else {
                throw EvidenceError(.denied, "Item \(item.id) has parts recorded as items of their own that you may not dispose of; nothing was disposed of.")
            }
        }
        // Holds and status as the ledger's valid entries record them (FORMAT §7.10), never the
        // catalog's rows; the catalog only supplies the hold's reason for the message.
        for member in family {
            guard let held = try authority.activeHolds(covering: member.id).first else { continue }
            let hold = try holds(caseID: member.caseID).first { $0.id == held.id }
            let what = held.hold.itemID.map { "item \($0) is" } ?? "case \(reference) is"
            let placed = hold.map { " (placed \($0.addedAt.prefix(10))\($0.reason.map { ": \($0)" } ?? ""))" } ?? ""
            throw EvidenceError(.data, "Item \(item.id) may not be disposed of: \(what) under legal hold \(held.id)\(placed); nothing was disposed of.").conflicting()
        }
        guard let recorded = authority.cases[caseRecord.id]?.status else {
            throw EvidenceError(.data, "Item \(item.id) may not be disposed of: case \(reference) has no recorded status, and the CPIA Code of Practice requires material to be retained until a decision whether to prosecute (record one with evidence case status); nothing was disposed of.").conflicting()
        }
        if let block = recorded.status.disposalBlock(date: recorded.date, released: recorded.released,
                                                     today: CalendarDate.today()) {
            // field: nil picks the two-way sentence, so the block keeps its per-front-end hint.
            throw EvidenceError(.data, field: nil, "Item \(item.id) may not be disposed of: case \(reference) \(block); nothing was disposed of.").conflicting()
        }
    }

    /// Destroys the objects of `family` that no live item of the case still references. (A
    /// part is always of its parent's case, and objects are never shared across cases.)
    func shred(_ family: [ItemRecord], after item: ItemRecord) throws -> (removed: Int, kept: Int) {
        let ids = Set(family.map(\.id))
        var removed = 0
        var kept = 0
        // Which objects are the family's, and which items still need them, as the ledger says
        // (the catalog, a cache of only what this user may see, decides nothing here).
        var names: Set<String> = []
        for member in family {
            guard let state = try authority.items.item(member.id) else { continue }
            if let name = state.object?.name { names.insert(name) }
            names.formUnion(state.superseded)
        }
        for name in names.sorted() {
            switch try destroyObjectIfUnused(caseID: item.caseID, name: name, excluding: ids, failure: { error in
                EvidenceError(error.kind, "Item \(item.id) is recorded as disposed of, but its object could not be destroyed (\(error.message)); run evidence dispose \(item.id) again to finish.")
            }) {
            case .kept: kept += 1
            case .removed: removed += 1
            case .absent: break
            }
        }
        return (removed, kept)
    }

    enum UnusedObjectOutcome { case kept, removed, absent }

    /// Crypto-shreds object `name` of the case (§7.4 *Disposal*) unless an item of the case
    /// not disposed of, other than `excluded`, still references it. `failure` words the error
    /// for the command that asked.
    func destroyObjectIfUnused(caseID: String, name: String, excluding excluded: Set<String>,
                               failure: (EvidenceError) -> EvidenceError) throws -> UnusedObjectOutcome {
        if try authority.objectIsLive(caseID: caseID, name: name, excluding: excluded) { return .kept }
        let path = repository.objectPath(caseID: caseID, name: name)
        guard FileSystem.exists(path) else { return .absent }
        do {
            try ObjectShredder.destroy(path)
        } catch let error as EvidenceError {
            throw failure(error)
        }
        return .removed
    }
}
