import Foundation
import Testing
@testable import EvidenceStore

/// The catalog implementations the conformance suite runs against. Each gets a fresh
/// temporary folder (unused in memory), removed by the test.
struct CatalogSubject: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (_ folder: String) throws -> any CatalogStore

    var testDescription: String { name }

    static let sqlite = CatalogSubject(name: "SQLite") { folder in
        try Catalog(path: (folder as NSString).appendingPathComponent("catalog-\(UUID().uuidString).sqlite"))
    }
    static let memory = CatalogSubject(name: "in memory") { _ in InMemoryCatalog() }
    static let all = [sqlite, memory]
}

/// A ledger entry as a catch-up hands it to the catalog: opened as the projecting user may see
/// it, with the reason it is invalid when its signer lacked the authority.
struct ProjectedEntry: Sendable {
    let opened: OpenedEntry
    let invalid: String?
}

/// A real repository, built with the store's own operations so that every event type the
/// projection handles is in its ledger, read back as the projection sees it: once as the
/// officer (who opens what the cases hold) and once as the administrator (who holds no case
/// key, so the case entries' sealed parts stay locked). Built once, shared by the tests.
struct CatalogLedger: Sendable {
    let officer: [ProjectedEntry]
    let admin: [ProjectedEntry]
    let repositoryID: String
    let root: [UInt8]
    /// The officer's authority state after the whole ledger, and the key its snapshot is sealed with.
    let state: AuthorityState
    let snapshotKey: SecretBytes

    // What the scene made, for the expected answers.
    let firstCase: String
    let secondCase: String
    let statement: String
    let photo: String
    let duplicate: String
    let physical: String
    let derived: String
    let reclassifiedCopy: String
    let secondCaseItem: String
    let officerID: String
    let carolID: String
    let daveID: String
    let caseHold: String
    let itemHold: String
    /// The invalid entry appended after the real ledger (its item must not appear).
    let invalidItem: String
    let disabledSeq: Int64

    /// The officer's entries, the invalid one last.
    var entries: [ProjectedEntry] { officer }
    var size: UInt64 { UInt64(officer.count) }

    static let shared: Result<CatalogLedger, any Error> = Result { try build() }

    static func load() throws -> CatalogLedger { try shared.get() }

    static func build() throws -> CatalogLedger {
        let fixture = try UnitRepositoryTests.Fixture()
        defer { fixture.dir.remove() }
        let passphrase = UnitRepositoryTests.passphrase
        let admin = try fixture.open(user: "alice")
        func enrol(_ name: String, roles: [String]) throws {
            let invitation = try admin.addUser(name: name, roles: roles, clearance: "SC", kdfCost: 10, reason: nil, wait: 0)
            _ = try Session.enrol(repositoryPath: fixture.repo, stateRoot: fixture.state, name: name, code: invitation.code,
                                  passphrase: passphrase, kdfCost: 10, wait: 0)
        }
        try enrol("exo", roles: ["exhibits-officer"])
        try enrol("carol", roles: ["investigator"])
        // Invited, never enrolled: a pending invitation.
        _ = try admin.addUser(name: "dave", roles: ["investigator"], clearance: "SC", kdfCost: 10, reason: nil, wait: 0)

        let officer = try fixture.open()
        let firstCase = try officer.createCase(reference: "OP-1", title: "Burglary", classification: .official,
                                               reason: "new case", wait: 0).id
        let secondCase = try officer.createCase(reference: "OP-2", title: "Fraud", classification: .official,
                                                reason: nil, wait: 0).id
        func add(_ name: String, _ text: String, to reference: String = "OP-1", review: CalendarDate? = nil) throws -> String {
            var options = AddOptions(caseReference: reference)
            options.description = "the \(name)"
            options.reviewDate = review
            var ids: [String] = []
            try officer.add(paths: [try fixture.dir.write("input/\(name)", Array(text.utf8))], options: options,
                            warn: { _ in }) { ids.append($0.id) }
            return try #require(ids.first)
        }
        let statement = try add("statement.txt", "I saw a man in a dark coat.")
        let photo = try add("photo.jpg", "not really a photo", review: CalendarDate(year: 2031, month: 1, day: 1))
        let duplicate = try add("copy.txt", "I saw a man in a dark coat.")
        let secondCaseItem = try add("ledger.csv", "a,b,c", to: "OP-2")
        var physicalOptions = AddOptions(caseReference: "OP-1")
        physicalOptions.exhibitRef = "JS/1"
        physicalOptions.description = "a knife in a sealed bag"
        physicalOptions.seizedBy = "PC 123 Smith"
        physicalOptions.seal = "S-1"
        physicalOptions.storageLocation = "Store 1"
        let physical = try officer.addPhysical(options: physicalOptions).itemID

        _ = try officer.amend(itemID: statement, changes: ["description": .string("bagged at the scene")], reason: nil, wait: 0)
        _ = try officer.amend(itemID: photo, changes: ["classification": .string("OFFICIAL-SENSITIVE")], reason: nil, wait: 0)
        let caseRecord = try #require(try officer.catalog.caseRecord(id: firstCase))
        let parent = try #require(try officer.catalog.itemRecord(id: statement))
        let derived = try #require(try officer.recordDerived(
            from: parent, in: caseRecord,
            parts: [DerivedPart(part: "attachment 1", name: "note.txt", mediaType: "text/plain", kind: "document",
                                bytes: Array("a note".utf8))], wait: 0).first).id

        // A second copy, reclassified: re-sealed under the new class, it is no longer a duplicate.
        let reclassifiedCopy = try add("copy2.txt", "I saw a man in a dark coat.")
        _ = try officer.amend(itemID: reclassifiedCopy, changes: ["classification": .string("OFFICIAL-SENSITIVE")], reason: nil, wait: 0)

        try officer.grant(caseReference: "OP-1", userName: "exo", role: "exhibits-officer", reason: nil, wait: 0)
        try officer.grant(caseReference: "OP-1", userName: "carol", role: "investigator", reason: nil, wait: 0)
        try officer.revoke(caseReference: "OP-1", userName: "carol", reason: "moved on", wait: 0)
        _ = try officer.setCaseStatus(reference: "OP-1", status: .noFurtherAction, date: CalendarDate(year: 2024, month: 1, day: 15),
                                      reason: nil, wait: 0)
        let caseHold = try officer.addHold(target: "OP-1", reason: "civil claim pending", wait: 0).id
        _ = try officer.releaseHold(target: "OP-1", holdID: caseHold, reason: "claim settled", wait: 0)
        let itemHold = try officer.addHold(target: photo, reason: "appeal", wait: 0).id
        _ = try officer.setReviewDate(target: "OP-1", date: CalendarDate(year: 2030, month: 6, day: 1), reason: nil, wait: 0)
        _ = try officer.setReviewDate(target: statement, date: CalendarDate(year: 2029, month: 3, day: 1), reason: nil, wait: 0)

        let exo = try fixture.open(user: "exo")
        _ = try exo.transferCustody(try CustodyTransferRequest(itemID: physical, to: "Forensic lab", reason: "for analysis",
                                                           seal: "S-2", location: "Lab store 4"), wait: 0)
        _ = try exo.reviewRetention(itemID: statement, decision: "retain", nextReview: CalendarDate(year: 2032, month: 2, day: 2),
                                    reason: "still needed", wait: 0)
        _ = try exo.dispose(itemID: duplicate, reason: "retention period over", wait: 0)

        _ = try fixture.open().rekey(caseReference: "OP-1", reason: "member left", wait: 0)
        let admin2 = try fixture.open(user: "alice")
        try admin2.disableUser(name: "carol", reason: "left the force", wait: 0)
        _ = try admin2.applyPolicy(text: Policy.defaultText, reason: "re-applied", wait: 0)
        let firstSlot = try #require(try admin2.recoverySlots().first).slotID
        _ = try admin2.addRecoverySlot(existingPassphrase: "a recovery passphrase", newPassphrase: "another recovery passphrase",
                                       label: "the safe", kdfCost: 10, reason: nil, wait: 0)
        try admin2.removeRecoverySlot(firstSlot, reason: "passphrase retired", wait: 0)

        let reader = try fixture.open()
        let (officerEntries, state) = try replay(reader)
        let (adminEntries, _) = try replay(try fixture.open(user: "alice"))
        let ids = try Dictionary(uniqueKeysWithValues: ["officer", "carol"].map { name in
            (name, try #require(try reader.catalog.userID(named: name)))
        })
        let dave = try #require(try reader.catalog.userOrPendingInvitationID(named: "dave"))
        let disabled = try #require(officerEntries.last { $0.opened.entry.type == EventType.userDisabled }).opened.entry.seq

        // An entry whose signer lacked the authority: listed, marked, and nothing else.
        let last = try #require(officerEntries.last).opened.entry
        let invalidItem = try ULID.make(prefix: "itm")
        let invalidEntry = LedgerEntry(
            seq: last.seq + 1, time: last.time, type: EventType.itemAdded, actor: ids["carol"] ?? "", caseID: firstCase,
            itemID: invalidItem, object: .init(name: String(repeating: "ab", count: 32), ciphertextSHA256: Array(repeating: 1, count: 32),
                                               ciphertextSize: 10),
            commitment: Array(repeating: 2, count: 32), tool: "test", publicPart: ["classification": "OFFICIAL", "sensitive": false],
            signer: ids["carol"] ?? "")
        let invalid = ProjectedEntry(
            opened: OpenedEntry(entry: invalidEntry, leafHash: Array(repeating: 3, count: 32), sealed: nil, sealedState: .none,
                                sealedKeyID: nil, audit: nil, auditState: .none),
            invalid: "its signer was disabled")
        return CatalogLedger(
            officer: officerEntries + [invalid], admin: adminEntries + [invalid], repositoryID: reader.repository.repositoryID,
            root: try reader.repository.ledger.rootHash(treeSize: state.size), state: state,
            snapshotKey: try AuthoritySnapshot.macKey(userKey: reader.user.sealingKey, repositoryID: reader.repository.repositoryID,
                                                      userID: reader.user.id),
            firstCase: firstCase, secondCase: secondCase, statement: statement, photo: photo, duplicate: duplicate,
            physical: physical, derived: derived, reclassifiedCopy: reclassifiedCopy, secondCaseItem: secondCaseItem, officerID: ids["officer"] ?? "",
            carolID: ids["carol"] ?? "", daveID: dave, caseHold: caseHold, itemHold: itemHold, invalidItem: invalidItem,
            disabledSeq: Int64(disabled))
    }

    /// The ledger as `session`'s user projects it from scratch (as `verify` re-projects it):
    /// every entry judged in order, then opened under what the user may see at the end.
    static func replay(_ session: Session) throws -> ([ProjectedEntry], AuthorityState) {
        let size = session.authority.size
        var state = AuthorityState()
        var chain = LogKeyChain(first: session.view.logKeys.first)
        var judged: [(LedgerEntry, [UInt8], AuthorityVerdict)] = []
        try session.repository.ledger.forEachEntry(in: 0..<size, treeSize: size) { index, bytes in
            let entry = try LedgerEntry.decode(bytes, index: index)
            let verdict = try state.admit(entry, logKey: chain.key(forEntry: entry.seq))
            try chain.follow(entry)
            judged.append((entry, try Merkle.leafHash(bytes), verdict))
        }
        let visibility = Visibility(state: state, userID: session.user.id)
        let entries = try judged.map { entry, leaf, verdict in
            let opened = try EntryOpener.open(entry, leafHash: leaf, repositoryID: session.repository.repositoryID,
                                              keys: session.keys, showingSealed: try visibility.showsSealedPart(of: entry))
            if case .invalid(let reason) = verdict { return ProjectedEntry(opened: opened, invalid: reason) }
            return ProjectedEntry(opened: opened, invalid: nil)
        }
        return (entries, state)
    }

    /// The snapshot of `state`, sealed as a catch-up seals it: every bucket made here.
    func sealedSnapshot() throws -> AuthoritySnapshot.Sealed {
        try AuthoritySnapshot.seal(state, root: root, key: snapshotKey)
    }

    /// The same state once its snapshot is stored: it names its buckets and makes none.
    func settledSnapshot() throws -> AuthoritySnapshot.Sealed {
        let sealed = try sealedSnapshot()
        let source = MemoryBucketSource()
        source.keep(sealed.buckets)
        var settled = state
        settled.items = ItemStates(stored: try sealed.buckets.storedVersion(source: source))
        return try AuthoritySnapshot.seal(settled, root: root, key: snapshotKey)
    }
}

extension CatalogStore {
    /// Projects `entries` and records the marks a catch-up records with them, in one write.
    func fill(with ledger: CatalogLedger, _ entries: [ProjectedEntry]? = nil) throws {
        try write { writer in
            for entry in entries ?? ledger.entries { try writer.project(entry.opened, invalid: entry.invalid) }
            try writer.storeVisibilityFingerprints([ledger.firstCase: "fingerprint 1", ledger.secondCase: "fingerprint 2"],
                                                   replacing: [:])
            try writer.setWatermark(repositoryID: ledger.repositoryID, treeSize: ledger.size, root: ledger.root)
        }
    }
}
