import Foundation
import Testing
@testable import EvidenceStore

/// Every question of `CatalogReading`, asked with every id the ledger made (and some it did
/// not), each answer as one line: two catalogs that answer alike give equal lists. Answers in
/// no promised order (`itemRecords`, `caseIDs`, …) are sorted first.
enum CatalogAnswers {
    static func of(_ catalog: some CatalogStore, _ ledger: CatalogLedger) throws -> [String] {
        try catalog.read { try of($0, ledger) }
    }

    static func of(_ reader: some CatalogReading, _ ledger: CatalogLedger) throws -> [String] {
        var lines: [String] = []
        func say(_ question: String, _ answer: Any?) {
            lines.append("\(question) = \(answer.map { String(describing: $0) } ?? "nil")")
        }
        let items = [ledger.statement, ledger.photo, ledger.duplicate, ledger.physical, ledger.derived, ledger.reclassifiedCopy, ledger.secondCaseItem,
                     ledger.invalidItem, "itm_unknown"]
        let cases = [ledger.firstCase, ledger.secondCase, "case_unknown"]
        let users = [ledger.officerID, ledger.carolID, ledger.daveID, "usr_unknown"]
        let names = ["alice", "officer", "exo", "carol", "dave", "nobody"]
        let size = ledger.size
        let types: [Set<String>] = [[], [EventType.itemAdded], [EventType.itemAmended, EventType.itemDisposed, EventType.holdAdded]]

        say("watermarkTreeSize", try reader.watermarkTreeSize())
        say("watermarkRoot", try reader.watermarkRoot())
        say("watermarkRepository", try reader.watermarkRepository())
        say("lockedCases", try reader.lockedCases().sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { "\($0.0)/\($0.1)" })
        say("hasLockedRepositoryEntries", try reader.hasLockedRepositoryEntries())
        say("hasLockedAuditParts", try reader.hasLockedAuditParts())
        say("authoritySnapshot", try reader.authoritySnapshot().map { "\($0.size) \(Hex.encode($0.mac)) \(Hex.encode($0.bytes))" })
        say("authoritySnapshotMark", try reader.authoritySnapshotMark())
        say("visibilityFingerprints", try reader.visibilityFingerprints().sorted { $0.key < $1.key })
        for caseID in cases {
            for before in [0, size / 2, size, UInt64.max] {
                say("caseEntries(\(caseID), \(before))", try reader.caseEntries(caseID: caseID, before: before).map { "\($0.seq) \($0.invalid ?? "-")" })
            }
        }
        say("lastEntrySeq", try reader.lastEntrySeq())
        for item in items {
            say("entries(ofItem: \(item))", try reader.entries(ofItem: item))
            say("itemRecord(\(item))", try reader.itemRecord(id: item))
            say("itemsDerived(from: \(item))", try reader.itemsDerived(from: item))
            say("custodyTransfers(\(item))", try reader.custodyTransfers(itemID: item))
            say("indexableItem(\(item))", try reader.indexableItem(id: item))
        }
        say("itemRecords(all)", try reader.itemRecords(ids: items + items).sorted { $0.id < $1.id })
        say("itemRecords([])", try reader.itemRecords(ids: []))
        for caseID in [String?.none] + cases.map(Optional.some) {
            for filter in types {
                for limit in [-1, 0, 3, 1000] {
                    let question = "entriesPage(\(caseID ?? "any"), \(filter.sorted()), \(limit))"
                    say(question, try reader.entriesPage(after: 0, caseID: caseID, types: filter, limit: limit))
                }
                // Page by page, each page after the last one's position.
                var after: Int64 = -1
                var pages: [[Int64]] = []
                while pages.count <= Int(size) {
                    let page = try reader.entriesPage(after: after, caseID: caseID, types: filter, limit: 4)
                    pages.append(page.map(\.seq))
                    guard let last = page.last, page.count == 4 else { break }
                    after = last.seq
                }
                say("entriesPages(\(caseID ?? "any"), \(filter.sorted()))", pages)
            }
        }
        for selection in [[ledger.firstCase], [ledger.secondCase], [ledger.firstCase, ledger.secondCase], [], ["case_unknown"]] {
            for limit in [-1, 0, 2, 100] {
                say("itemsPage(\(selection), 0, \(limit))", try reader.itemsPage(inCases: selection, afterAddedSeq: 0, limit: limit))
            }
            var cursor: Int64 = 0
            var pages: [[String]] = []
            while pages.count <= 20 {
                let page = try reader.itemsPage(inCases: selection, afterAddedSeq: cursor, limit: 2)
                pages.append(page.map(\.id))
                guard let last = page.last, page.count == 2 else { break }
                cursor = last.addedSeq
            }
            say("itemsPages(\(selection))", pages)
        }
        for caseID in cases {
            let objects = try items.compactMap { try reader.itemRecord(id: $0)?.objectName } + ["no object"]
            for object in objects {
                say("firstLiveObject(\(caseID), \(object))", try reader.firstLiveObject(caseID: caseID, objectName: object))
            }
            for (from, before, limit) in [(UInt64(0), UInt64.max, -1), (0, size, 2), (size / 2, size, 100), (0, 0, 10)] {
                say("indexableItems(\(caseID), \(from), \(before), \(limit))",
                    try reader.indexableItems(caseID: caseID, from: from, before: before, limit: limit))
            }
            say("indexableItemCount(\(caseID))", try reader.indexableItemCount(caseID: caseID))
            for from in [0, size / 2, size] {
                for filter in types {
                    let changes = try reader.itemChanges(caseID: caseID, from: from, types: filter)
                    say("itemChanges(\(caseID), \(from), \(filter.sorted()))", "\(changes.items) \(changes.events)")
                }
            }
            say("caseRecord(\(caseID))", try reader.caseRecord(id: caseID))
            say("holds(ofCase: \(caseID))", try reader.holds(ofCase: caseID))
        }
        say("casesWithReadableReference", try reader.casesWithReadableReference())
        say("caseIDs", try reader.caseIDs().sorted())
        say("caseKeyHoldersAndMembers", try reader.caseKeyHoldersAndMembers().sorted())
        for user in users {
            say("userName(\(user))", try reader.userName(id: user))
            say("pendingInvitation(\(user))", try reader.pendingInvitation(userID: user))
        }
        say("registeredUserNames", try reader.registeredUserNames().sorted { $0.id < $1.id }.map { "\($0.id) \($0.name ?? "-")" })
        for name in names {
            say("userID(named: \(name))", try reader.userID(named: name))
            say("userIDs(named: \(name))", try reader.userIDs(named: name))
            say("userOrPendingInvitationID(named: \(name))", try reader.userOrPendingInvitationID(named: name))
        }
        say("namesOfUsersAndInvitations", try reader.namesOfUsersAndInvitations().sorted { $0.key < $1.key })
        say("newestPolicyText", try reader.newestPolicyText())
        return lines
    }

    /// Records an issue for each question the two lists answer differently.
    static func expectSame(_ left: [String], _ right: [String], _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(left.count == right.count, "\(label): \(left.count) answers against \(right.count)", sourceLocation: sourceLocation)
        for (a, b) in zip(left, right) where a != b {
            Issue.record("\(label):\n  \(a)\n  \(b)", sourceLocation: sourceLocation)
        }
    }
}
