import Foundation
import Synchronization
import Testing
@testable import EvidenceStore

/// What every `CatalogStore` promises (docs/STORAGE.md §5), checked against each
/// implementation on the same real ledger: every question answered alike, the answers the
/// ledger calls for, and transactions that roll back, serialise and start again from nothing.
@Suite struct CatalogConformanceTests {
    typealias Subject = CatalogSubject

    func with(_ subject: Subject, _ body: (any CatalogStore, CatalogLedger) throws -> Void) throws {
        let ledger = try CatalogLedger.load()
        let dir = try UnitTempDir("catalog")
        defer { dir.remove() }
        try body(try subject.make(dir.path), ledger)
    }

    @Test("both implementations give the same answer to every question, for the officer's and the administrator's projection")
    func everyQuestionAnsweredAlike() throws {
        let ledger = try CatalogLedger.load()
        let dir = try UnitTempDir("catalog")
        defer { dir.remove() }
        for (view, entries) in [("officer", ledger.officer), ("administrator", ledger.admin)] {
            let sqlite = try Subject.sqlite.make(dir.path)
            let memory = try Subject.memory.make(dir.path)
            #expect(try CatalogAnswers.of(sqlite, ledger) == CatalogAnswers.of(memory, ledger), "empty catalogs")
            try sqlite.fill(with: ledger, entries)
            try memory.fill(with: ledger, entries)
            let answers = try CatalogAnswers.of(sqlite, ledger)
            CatalogAnswers.expectSame(answers, try CatalogAnswers.of(memory, ledger), view)
            #expect(answers.count > 200)
            // A case projected again from nothing (a visibility change) leaves both alike too.
            for catalog in [sqlite, memory] {
                try catalog.write { try $0.removeCaseRows(caseID: ledger.secondCase, before: ledger.size) }
            }
            CatalogAnswers.expectSame(try CatalogAnswers.of(sqlite, ledger), try CatalogAnswers.of(memory, ledger),
                                      "\(view), after removing a case's rows")
        }
    }

    @Test("the officer's projection answers what the ledger recorded", arguments: Subject.all)
    func answersWhatTheLedgerRecorded(_ subject: Subject) throws {
        try with(subject) { catalog, ledger throws in
            try catalog.fill(with: ledger)
            try catalog.read { reader in try Self.expectRecorded(reader, ledger) }
        }
    }

    static func expectRecorded(_ reader: some CatalogReading, _ ledger: CatalogLedger) throws {
        #expect(try reader.watermarkTreeSize() == Int64(ledger.size))
        #expect(try reader.watermarkRoot() == Hex.encode(ledger.root))
        #expect(try reader.watermarkRepository() == ledger.repositoryID)
        #expect(try reader.lastEntrySeq() == Int64(ledger.size) - 1)
        #expect(try reader.lockedCases().isEmpty)
        #expect(try reader.visibilityFingerprints() == [ledger.firstCase: "fingerprint 1", ledger.secondCase: "fingerprint 2"])

        // Items: amended, reclassified, duplicated, disposed, derived, physical, reviewed.
        let statement = try #require(try reader.itemRecord(id: ledger.statement))
        #expect(statement.description == "bagged at the scene")
        #expect(statement.reviewDecision == "retain" && statement.reviewDate == "2032-02-02")
        #expect(statement.isOpened && !statement.physical && statement.classification == "OFFICIAL")
        let photo = try #require(try reader.itemRecord(id: ledger.photo))
        #expect(photo.classification == "OFFICIAL-SENSITIVE")
        #expect(photo.name == "photo.jpg" && photo.sha256 != nil, "restated under the new class")
        let duplicate = try #require(try reader.itemRecord(id: ledger.duplicate))
        #expect(duplicate.duplicateOf == ledger.statement)
        #expect(duplicate.isDisposed && duplicate.disposedBy != nil)
        let derived = try #require(try reader.itemRecord(id: ledger.derived))
        #expect(derived.parentID == ledger.statement && derived.part == "attachment 1")
        #expect(try reader.itemsDerived(from: ledger.statement).map(\.id) == [ledger.derived])
        let physical = try #require(try reader.itemRecord(id: ledger.physical))
        #expect(physical.physical && physical.objectName == nil && physical.seal == "S-1" && physical.storageLocation == "Store 1")
        #expect(try reader.itemRecord(id: ledger.invalidItem) == nil, "an invalid entry changes nothing")
        #expect(try reader.itemRecords(ids: [ledger.photo, "itm_unknown", ledger.statement]).map(\.id).sorted()
                == [ledger.photo, ledger.statement].sorted())

        // Paging by ledger position.
        let copy = try #require(try reader.itemRecord(id: ledger.reclassifiedCopy))
        #expect(copy.duplicateOf == nil && copy.classification == "OFFICIAL-SENSITIVE" && copy.name == "copy2.txt",
                "re-sealed: no longer a duplicate")
        #expect(try reader.entries(ofItem: ledger.reclassifiedCopy).first?.sealedJSON?.contains("\"duplicateOf\"") == true,
                "added as a duplicate")
        let firstCaseItems = [ledger.statement, ledger.photo, ledger.duplicate, ledger.physical, ledger.derived, ledger.reclassifiedCopy]
        #expect(try reader.itemsPage(inCases: [ledger.firstCase], afterAddedSeq: 0, limit: 100).map(\.id) == firstCaseItems)
        let firstPage = try reader.itemsPage(inCases: [ledger.firstCase, ledger.secondCase], afterAddedSeq: 0, limit: 2)
        #expect(firstPage.map(\.id) == [ledger.statement, ledger.photo])
        let secondPage = try reader.itemsPage(inCases: [ledger.firstCase, ledger.secondCase],
                                              afterAddedSeq: try #require(firstPage.last).addedSeq, limit: 2)
        #expect(secondPage.map(\.id) == [ledger.duplicate, ledger.secondCaseItem])
        #expect(try reader.itemsPage(inCases: [], afterAddedSeq: 0, limit: 10).isEmpty)

        // Deduplication finds the first live holder of an object; the disposed copy is not one.
        let object = try #require(statement.objectName)
        #expect(try reader.firstLiveObject(caseID: ledger.firstCase, objectName: object)?.itemID == ledger.statement)
        #expect(try reader.firstLiveObject(caseID: ledger.secondCase, objectName: object) == nil)

        // The search index's source: readable and undisposed.
        #expect(try reader.indexableItemCount(caseID: ledger.firstCase) == 5)
        #expect(try reader.indexableItem(id: ledger.duplicate) == nil)
        #expect(try reader.indexableItems(caseID: ledger.firstCase, from: 0, before: UInt64.max, limit: 100).map(\.id)
                == [ledger.statement, ledger.photo, ledger.physical, ledger.derived, ledger.reclassifiedCopy])
        let changes = try reader.itemChanges(caseID: ledger.firstCase, from: 0, types: [EventType.itemAmended])
        #expect(changes.items == [ledger.statement, ledger.photo, ledger.reclassifiedCopy] && changes.events == 3)

        // Entries: of an item in order, a page filtered by case and type, the invalid one marked.
        let statementEvents = try reader.entries(ofItem: ledger.statement).map(\.type)
        #expect(statementEvents.first == EventType.itemAdded && statementEvents.contains(EventType.itemAmended))
        let invalid = try #require(try reader.entries(ofItem: ledger.invalidItem).first)
        #expect(invalid.invalid == "its signer was disabled" && invalid.seq == Int64(ledger.size) - 1)
        let added = try reader.entriesPage(after: -1, caseID: ledger.firstCase, types: [EventType.itemAdded], limit: 100)
        #expect(added.map(\.itemID) == [ledger.statement, ledger.photo, ledger.duplicate, ledger.reclassifiedCopy, ledger.invalidItem])
        #expect(try reader.entriesPage(after: -1, caseID: nil, types: [], limit: 3).map(\.seq) == [0, 1, 2])
        #expect(try reader.entriesPage(after: -1, caseID: nil, types: [], limit: 0).isEmpty)
        let caseEntries = try reader.caseEntries(caseID: ledger.firstCase, before: UInt64.max)
        #expect(caseEntries.last?.invalid == "its signer was disabled" && caseEntries.dropLast().allSatisfy { $0.invalid == nil })

        // Cases, members and key holders.
        let first = try #require(try reader.caseRecord(id: ledger.firstCase))
        #expect(first.reference == "OP-1" && first.title == "Burglary" && first.keyGeneration == 2)
        #expect(first.status == "no-further-action" && first.statusDate == "2024-01-15" && first.reviewDate == "2030-06-01")
        #expect(try reader.casesWithReadableReference().map(\.reference) == ["OP-1", "OP-2"])
        #expect(try Set(reader.caseIDs()) == [ledger.firstCase, ledger.secondCase])
        let holders = try reader.caseKeyHoldersAndMembers()
        #expect(holders.contains("\(ledger.firstCase)/\(ledger.carolID)") && holders.contains("\(ledger.firstCase)/\(ledger.officerID)"))

        // Holds, custody, users, invitations, policies.
        let holds = try reader.holds(ofCase: ledger.firstCase)
        #expect(holds.map(\.id) == [ledger.caseHold, ledger.itemHold])
        #expect(holds.first?.isActive == false && holds.first?.releaseReason == "claim settled")
        #expect(holds.last?.itemID == ledger.photo && holds.last?.isActive == true)
        let transfers = try reader.custodyTransfers(itemID: ledger.physical)
        #expect(transfers.map(\.toHolder) == ["Forensic lab"] && transfers.first?.seal == "S-2")
        #expect(try reader.userName(id: ledger.carolID) == "carol")
        #expect(try reader.userID(named: "officer") == ledger.officerID)
        #expect(try reader.userIDs(named: "carol") == [ledger.carolID])
        #expect(try reader.userID(named: "dave") == nil)
        #expect(try reader.userOrPendingInvitationID(named: "dave") == ledger.daveID)
        #expect(try reader.pendingInvitation(userID: ledger.daveID) == PendingInvitationRecord(name: "dave"))
        #expect(try reader.pendingInvitation(userID: ledger.carolID) == nil, "carol enrolled")
        #expect(try reader.namesOfUsersAndInvitations()[ledger.daveID] == "dave")
        #expect(try reader.registeredUserNames().count == 4)
        #expect(try reader.newestPolicyText() == Policy.defaultText)
    }

    @Test("the administrator, who holds no case key, sees the case entries locked", arguments: Subject.all)
    func lockedParts(_ subject: Subject) throws {
        try with(subject) { catalog, ledger throws in
            try catalog.fill(with: ledger, ledger.admin)
            try catalog.read { reader throws in
                let locked = try reader.lockedCases()
                #expect(Set(locked.map(\.0)) == [ledger.firstCase, ledger.secondCase])
                #expect(try reader.itemRecord(id: ledger.statement)?.isOpened == false)
                #expect(try reader.casesWithReadableReference().isEmpty)
                #expect(try reader.caseRecord(id: ledger.firstCase)?.keyGeneration == 2)
            }
        }
    }

    @Test("a write that throws after some projections leaves nothing behind", arguments: Subject.all)
    func thrownWriteRollsBack(_ subject: Subject) throws {
        try with(subject) { catalog, ledger throws in
            let half = Array(ledger.entries.prefix(ledger.entries.count / 2))
            #expect(throws: InjectedFault.self) {
                try catalog.write { writer throws in
                    for entry in half { try writer.project(entry.opened, invalid: entry.invalid) }
                    try writer.setWatermark(repositoryID: ledger.repositoryID, treeSize: 5, root: ledger.root)
                    throw InjectedFault(operation: "project")
                }
            }
            try catalog.read { reader throws in
                #expect(try reader.lastEntrySeq() == nil)
                #expect(try reader.watermarkTreeSize() == 0)
                #expect(try reader.caseIDs().isEmpty)
                #expect(try reader.registeredUserNames().isEmpty)
            }
            // Over a filled catalog: projections, a removed case, a cleared catalog, all undone.
            try catalog.fill(with: ledger)
            let before = try CatalogAnswers.of(catalog, ledger)
            #expect(throws: InjectedFault.self) {
                try catalog.write { writer throws in
                    try writer.removeCaseRows(caseID: ledger.firstCase, before: ledger.size)
                    try writer.clear()
                    for entry in half { try writer.project(entry.opened, invalid: entry.invalid) }
                    try writer.storeVisibilityFingerprints([ledger.firstCase: "other"], replacing: [:])
                    _ = try writer.storeAuthoritySnapshot(size: ledger.size, sealed: try ledger.sealedSnapshot())
                    throw InjectedFault(operation: "catch-up")
                }
            }
            CatalogAnswers.expectSame(try CatalogAnswers.of(catalog, ledger), before, "after the rolled-back write")
            // A write the catalog itself refuses (the same entry twice) is undone as a whole too.
            let entry = try #require(ledger.entries.last)
            #expect(throws: (any Error).self) {
                try catalog.write { writer throws in
                    try writer.clear()
                    try writer.project(entry.opened, invalid: entry.invalid)
                    try writer.project(entry.opened, invalid: entry.invalid)
                }
            }
            CatalogAnswers.expectSame(try CatalogAnswers.of(catalog, ledger), before, "after the refused write")
        }
    }

    @Test("a snapshot naming a bucket it did not make and the catalog lacks is not stored; one with its buckets is", arguments: Subject.all)
    func authoritySnapshotBuckets(_ subject: Subject) throws {
        try with(subject) { catalog, ledger throws in
            let settled = try ledger.settledSnapshot()
            #expect(settled.buckets.builtBuckets.isEmpty && !settled.buckets.buckets.isEmpty)
            let named = settled.buckets.buckets.map(\.digest)
            #expect(try !catalog.write { try $0.storeAuthoritySnapshot(size: ledger.size, sealed: settled) })
            #expect(try catalog.read { try $0.authoritySnapshot() } == nil)
            #expect(try catalog.read { try $0.authoritySnapshotMark() } == nil)
            #expect(try !catalog.itemBucketSource.holdsBuckets(named))

            // Made with its buckets: stored, and its buckets read back by digest.
            let sealed = try ledger.sealedSnapshot()
            #expect(!sealed.buckets.builtBuckets.isEmpty)
            #expect(try catalog.write { try $0.storeAuthoritySnapshot(size: ledger.size, sealed: sealed) })
            let stored = try #require(try catalog.read { try $0.authoritySnapshot() })
            #expect(stored.size == ledger.size && stored.bytes == sealed.bytes && stored.mac == sealed.mac)
            #expect(try catalog.read { try $0.authoritySnapshotMark() } == AuthoritySnapshot.Mark(size: ledger.size, mac: sealed.mac))
            #expect(try catalog.itemBucketSource.holdsBuckets(named))
            for (digest, bytes) in sealed.buckets.builtBuckets {
                #expect(try catalog.itemBucketSource.bucket(digest: digest) == bytes)
            }
            #expect(try catalog.itemBucketSource.bucket(digest: Array(repeating: 9, count: 32)) == nil)
            // Inside the write that stores them, they are found already.
            try catalog.write { writer throws in
                try writer.clear()
                #expect(try writer.storeAuthoritySnapshot(size: ledger.size, sealed: sealed))
                #expect(try catalog.itemBucketSource.holdsBuckets(named))
            }

            // Now the settled snapshot's buckets are there: it is stored.
            #expect(try catalog.write { try $0.storeAuthoritySnapshot(size: ledger.size, sealed: settled) })
            #expect(try catalog.read { try $0.authoritySnapshotMark() } == AuthoritySnapshot.Mark(size: ledger.size, mac: settled.mac))
            // A clear drops the snapshot but not the buckets (the next snapshot retires them).
            try catalog.write { try $0.clear() }
            #expect(try catalog.read { try $0.authoritySnapshot() } == nil)
            #expect(try catalog.itemBucketSource.holdsBuckets(named))
        }
    }

    @Test("concurrent writers are serialised: no update is lost", arguments: Subject.all)
    func writersAreSerialised(_ subject: Subject) throws {
        try with(subject) { catalog, ledger throws in
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 24) { _ in
                do {
                    try catalog.write { writer throws in
                        let size = try writer.watermarkTreeSize()
                        // Give another writer the chance to interleave, were it allowed to.
                        usleep(200)
                        try writer.setWatermark(repositoryID: ledger.repositoryID, treeSize: UInt64(size + 1), root: ledger.root)
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let size = try catalog.read { reader throws in try reader.watermarkTreeSize() }
            #expect(size == 24)
        }
    }

    @Test("a read sees one state throughout, whatever is written meanwhile", arguments: Subject.all)
    func readSeesOneState(_ subject: Subject) throws {
        try with(subject) { catalog, ledger throws in
            try catalog.fill(with: ledger)
            let writing = DispatchSemaphore(value: 0)
            let written = DispatchSemaphore(value: 0)
            let writer = Thread {
                writing.wait()
                _ = try? catalog.write { try $0.clear() }
                written.signal()
            }
            writer.start()
            try catalog.read { reader throws in
                let before = try CatalogAnswers.of(reader, ledger)
                writing.signal()
                // SQLite's writer waits for this read to end; the in-memory one commits beside
                // it. Either way this read keeps its view.
                usleep(300_000)
                CatalogAnswers.expectSame(try CatalogAnswers.of(reader, ledger), before, "within one read")
            }
            written.wait()
            #expect(try catalog.read { try $0.lastEntrySeq() } == nil)
        }
    }

    @Test("clear empties every table the projection fills; projecting again gives the same answers", arguments: Subject.all)
    func clearThenProjectAgain(_ subject: Subject) throws {
        try with(subject) { catalog, ledger throws in
            try catalog.fill(with: ledger)
            try catalog.write { _ = try $0.storeAuthoritySnapshot(size: ledger.size, sealed: try ledger.sealedSnapshot()) }
            let before = try CatalogAnswers.of(catalog, ledger)
            try catalog.write { try $0.clear() }
            let dir = try UnitTempDir("catalog-empty")
            defer { dir.remove() }
            CatalogAnswers.expectSame(try CatalogAnswers.of(catalog, ledger), try CatalogAnswers.of(try Subject.memory.make(dir.path), ledger),
                                      "cleared against empty")
            try catalog.fill(with: ledger)
            try catalog.write { _ = try $0.storeAuthoritySnapshot(size: ledger.size, sealed: try ledger.sealedSnapshot()) }
            CatalogAnswers.expectSame(try CatalogAnswers.of(catalog, ledger), before, "projected again")
        }
    }

    @Test("problems(comparedWith:) is empty for equal catalogs and names each row that differs", arguments: Subject.all)
    func comparison(_ subject: Subject) throws {
        let ledger = try CatalogLedger.load()
        let dir = try UnitTempDir("catalog")
        defer { dir.remove() }
        try Self.compare(try subject.make(dir.path), try subject.make(dir.path), ledger)
    }

    static func compare<C: CatalogStore>(_ stored: C, _ other: any CatalogStore, _ ledger: CatalogLedger) throws {
        let expected = try #require(other as? C)
        try stored.fill(with: ledger)
        try expected.fill(with: ledger)
        func problems() throws -> [String] {
            try stored.read { have in try expected.read { want in try have.problems(comparedWith: want) } }
        }
        #expect(try problems().isEmpty)

        // The stored catalog lacks the disabling of carol: its entry is missing, her row differs.
        let disabling = ledger.disabledSeq
        try stored.write { try $0.clear() }
        try stored.fill(with: ledger, ledger.entries.filter { $0.opened.entry.seq != UInt64(disabling) })
        let found = try problems()
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("catalog: entries row \(disabling) is missing") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("catalog: users row") && $0.contains(ledger.carolID)
                && $0.contains("differs from the ledger in disabled_seq") }, "\(found)")

        // The other way round: a row no entry backs.
        let unbacked = try expected.read { have in try stored.read { want in try have.problems(comparedWith: want) } }
        #expect(unbacked.contains { $0.hasPrefix("catalog: entries row \(disabling) is not backed by any ledger entry") }, "\(unbacked)")
        #expect(unbacked.contains { $0.contains(ledger.carolID) && $0.contains("disabled_seq") }, "\(unbacked)")

        // An item amended only in one: its row differs in the changed column.
        try stored.write { try $0.clear() }
        try stored.fill(with: ledger)
        let amended = try #require(ledger.entries.first { $0.opened.entry.type == EventType.itemAmended })
        let entry = amended.opened.entry
        let extra = LedgerEntry(seq: ledger.size, time: entry.time, type: EventType.itemAmended, actor: entry.actor,
                                caseID: entry.caseID, itemID: ledger.physical, tool: "test", signer: entry.signer)
        try stored.write { writer throws in
            try writer.project(OpenedEntry(entry: extra, leafHash: Array(repeating: 4, count: 32),
                                           sealed: ["changes": ["description": "a different knife"]], sealedState: .open,
                                           sealedKeyID: nil, audit: nil, auditState: .none))
        }
        let edited = try problems()
        #expect(edited.contains { $0.hasPrefix("catalog: items row") && $0.contains(ledger.physical)
                && $0.hasSuffix("differs from the ledger in description (edited outside evidence; run evidence rebuild)") }, "\(edited)")
        #expect(edited.contains { $0.hasPrefix("catalog: entries row \(ledger.size) is not backed") }, "\(edited)")
        #expect(edited.count == 2, "\(edited)")
    }
}
