import Foundation
import GRDB
import Testing
@testable import EvidenceStore

/// How a session keeps the authority state between catch-ups (Session+Snapshot.swift, docs/HOST-STATE.md
/// §1): the state in memory is reused, the stored snapshot may lag the watermark and is then
/// caught up by replay, and a snapshot that fails its check is rebuilt. Whatever path is
/// taken, the state is the one a full replay of the ledger gives.
@Suite struct AuthoritySnapshotSyncTests {
    typealias Scene = VisibilityFingerprintTests.Scene

    /// The catalog's `authority` row.
    struct Row: Equatable {
        var size: UInt64
        var state: [UInt8]
        var mac: [UInt8]
    }

    static func stored(_ session: Session) throws -> Row? {
        try session.catalog.database.read { db in
            try session.catalog.authoritySnapshot(db).map { Row(size: $0.size, state: $0.bytes, mac: $0.mac) }
        }
    }

    static func store(_ row: Row, in session: Session) throws {
        try session.catalog.database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO authority (id, tree_size, state, mac) VALUES (1, ?, ?, ?)",
                           arguments: [Int64(row.size), Data(row.state), Data(row.mac)])
        }
    }

    static func watermark(_ session: Session) throws -> UInt64 {
        try session.catalog.database.read { db in
            UInt64(try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'treeSize'") ?? 0)
        }
    }

    /// A row in `meta` that only a rebuild of the catalog (which empties `meta`) removes.
    static func plantProbe(_ session: Session) throws {
        try session.catalog.database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('test-probe', 'kept')")
        }
    }

    static func probeKept(_ session: Session) throws -> Bool {
        try session.catalog.database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'test-probe'") == "kept"
        }
    }

    /// The officer's state replayed from entry 0, from a state folder of its own.
    static func fullReplay(_ scene: Scene) throws -> [UInt8] {
        let fresh = try Session.open(repositoryPath: scene.fixture.repo, stateRoot: scene.fixture.dir.file("fresh-\(UUID().uuidString)"),
                                     userName: "officer", passphrase: UnitRepositoryTests.passphrase)
        return try AuthoritySnapshot.encode(fresh.authority)
    }

    @Test("a snapshot behind the watermark is caught up by replaying the entries between, to the state a full replay gives, and stored")
    func laggingSnapshotIsReplayed() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        let lagging = try #require(try Self.stored(scene.session))
        // Entries after it of the kinds a replay must get right: items, a reclassification, a
        // user whose name only a sealed part gives, a grant.
        try scene.add("b.txt", "c.txt")
        _ = try scene.session.amend(itemID: scene.firstItem, changes: ["classification": .string("SECRET")], reason: nil, wait: 0)
        let admin = try scene.fixture.open(user: "alice")
        let invitation = try admin.addUser(name: "second", roles: ["investigator"], clearance: "SC", kdfCost: 10, reason: nil, wait: 0)
        let second = try Session.enrol(repositoryPath: scene.fixture.repo, stateRoot: scene.fixture.state, name: "second",
                                       code: invitation.code, passphrase: UnitRepositoryTests.passphrase, kdfCost: 10, wait: 0)
        // (A new command: the scene's session signed in before "second" enrolled.)
        try scene.fixture.open().grant(caseReference: "OP-1", userName: "second", role: "investigator", reason: nil, wait: 0)
        let caughtUp = try scene.fixture.open()
        let watermark = try Self.watermark(caughtUp)
        #expect(try Self.stored(caughtUp)?.size == watermark)
        #expect(lagging.size < watermark)

        try Self.store(lagging, in: caughtUp)
        try Self.plantProbe(caughtUp)
        let replayed = try scene.fixture.open()
        #expect(try Self.probeKept(replayed), "the catalog was rebuilt instead of the gap being replayed")
        #expect(replayed.authority.size == watermark)
        #expect(try AuthoritySnapshot.encode(replayed.authority) == (try AuthoritySnapshot.encode(caughtUp.authority)))
        #expect(try AuthoritySnapshot.encode(replayed.authority) == (try Self.fullReplay(scene)))
        #expect(replayed.authority.users[second.user.id]?.name == "second")
        #expect(replayed.authority.cases[scene.caseID]?.lastReclassified != nil)
        // A sign-in (outside any transaction) that found the gap stores the caught-up snapshot.
        let now = try #require(try Self.stored(replayed))
        #expect(now.size == watermark)
        #expect(now.state == (try AuthoritySnapshot.encode(replayed.authority)))
    }

    @Test("catch-ups within a session go on from the state in memory: the stored state is not decoded again, and is replaced")
    func inMemoryStateIsReused() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        // Its tree size and MAC kept, the stored state is made unreadable: decoding it would
        // fail and rebuild the catalog. The session that stored it goes on from memory.
        var row = try #require(try Self.stored(scene.session))
        row.state = [UInt8](repeating: 0, count: 16)
        try Self.store(row, in: scene.session)
        try Self.plantProbe(scene.session)
        try scene.add("b.txt")
        try scene.add("c.txt", "d.txt")
        #expect(try Self.probeKept(scene.session), "the session decoded the stored state instead of reusing its own")
        let now = try #require(try Self.stored(scene.session))
        #expect(now.size == scene.session.authority.size)
        #expect(now.size == (try Self.watermark(scene.session)))
        #expect(now.state == (try AuthoritySnapshot.encode(scene.session.authority)))
        #expect(now.state == (try Self.fullReplay(scene)))
        // The next command decodes what was stored: the same state.
        let again = try scene.fixture.open()
        #expect(try Self.probeKept(again))
        #expect(try AuthoritySnapshot.encode(again.authority) == now.state)
    }

    @Test("an add's group commits leave the snapshot behind while it runs; it is stored when the add ends")
    func addDefersTheSnapshot() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        let before = try #require(try Self.stored(scene.session)).size
        var paths: [String] = []
        for index in 0..<(Session.groupCommitMaxItems + 20) {
            paths.append(try scene.fixture.dir.write("many/\(index).txt", Array("small item \(index)".utf8)))
        }
        var seen: [(snapshot: UInt64, watermark: UInt64)] = []
        try scene.session.add(paths: paths, options: AddOptions(caseReference: "OP-1"), warn: { _ in }) { _ in
            if seen.isEmpty { seen.append((try #require(try Self.stored(scene.session)).size, try Self.watermark(scene.session))) }
        }
        let first = try #require(seen.first)
        // (A group commit comes after 256 items or one second, whichever is first.)
        #expect(first.snapshot == before, "the first group commit stored the snapshot")
        #expect(first.watermark > before)
        let after = try #require(try Self.stored(scene.session))
        #expect(after.size == (try Self.watermark(scene.session)))
        #expect(after.state == (try AuthoritySnapshot.encode(scene.session.authority)))
    }

    @Test("reads and searches leave the snapshot behind by fewer than the bound: the next command replays them; past it, it is stored")
    func readRecordsLetTheSnapshotWait() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        let before = try #require(try Self.stored(scene.session)).size
        let out = scene.fixture.dir.file("out.txt")
        for _ in 0..<3 {
            let reader = try scene.fixture.open()
            _ = try reader.get(itemID: scene.firstItem, output: out, force: true, reason: "checking", wait: 0)
        }
        let behind = try scene.fixture.open()
        let behindWatermark = try Self.watermark(behind)
        #expect(behindWatermark == before + 3)
        #expect(try Self.stored(behind)?.size == before, "a read record made the session store the whole snapshot")
        #expect(behind.authority.size == before + 3 && behind.authority.lastChange.size <= before)
        #expect(try AuthoritySnapshot.encode(behind.authority) == (try Self.fullReplay(scene)))
        // Anything else recorded: stored when its transaction ends, read records and all.
        try scene.add("b.txt")
        let caughtUp = try #require(try Self.stored(scene.session))
        #expect(caughtUp.size == (try Self.watermark(scene.session)))
        #expect(caughtUp.state == (try Self.fullReplay(scene)))
        // Reads alone, as many as the bound: stored by the command that reaches it.
        let reader = try scene.fixture.open()
        for _ in 0..<Session.readRecordLagBound {
            _ = try reader.get(itemID: scene.firstItem, output: out, force: true, reason: "checking", wait: 0)
        }
        let stored = try #require(try Self.stored(reader))
        let readerWatermark = try Self.watermark(reader)
        #expect(stored.size > caughtUp.size && stored.size == readerWatermark)
        #expect(stored.state == (try Self.fullReplay(scene)))
    }

    @Test("a transaction that never ends (a killed add) leaves the snapshot behind; the next sign-in replays only the gap")
    func unfinishedTransaction() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        let session = scene.session
        let before = try #require(try Self.stored(session)).size
        do {
            // As `amend` appends it (the content re-sealed under the SECRET key); committed,
            // then neither finished nor abandoned.
            let transaction = try LedgerTransaction(session: session, wait: 0)
            let item = try #require(try session.findItemIfVisible(scene.firstItem)).item
            let secretKeys = try #require(try session.keys.caseKeys(
                caseID: scene.caseID, keyID: KeyClass(classification: .secret, sensitive: false).keyID(generation: 1)))
            var staged: [String: (itemID: String, object: LedgerEntry.ObjectRef)] = [:]
            let object = try session.resealObject(of: item, under: secretKeys, stagedNames: &staged)
            try transaction.append(EventDraft(type: EventType.itemAmended, caseID: scene.caseID, itemID: scene.firstItem,
                                              object: object, commitment: try session.authority.items.item(scene.firstItem)?.commitment,
                                              publicPart: ["classification": .string("SECRET"), "sensitive": .bool(false)],
                                              auditPart: session.auditBase(reason: nil),
                                              sealedPart: ["changes": .object(["classification": .string("SECRET")])]))
            try transaction.commit()
            #expect(try Self.stored(session)?.size == before)
            #expect(try Self.watermark(session) == before + 1)
        }
        try Self.plantProbe(session)
        let next = try scene.fixture.open()
        #expect(try Self.probeKept(next), "the catalog was rebuilt instead of the gap being replayed")
        #expect(next.authority.cases[scene.caseID]?.lastReclassified == before)
        #expect(try Self.stored(next)?.size == before + 1)
        #expect(try AuthoritySnapshot.encode(next.authority) == (try Self.fullReplay(scene)))
        #expect(try next.verify(reason: nil, wait: 0).isIntact)
    }

    @Test("a tampered snapshot, one of version 1 or one beyond the watermark is discarded at sign-in: the catalog is rebuilt once")
    func unusableSnapshotIsRebuilt() throws {
        for variant in ["tampered", "version 1", "beyond the watermark"] {
            let scene = try Scene()
            defer { scene.fixture.dir.remove() }
            let reference = try AuthoritySnapshot.encode(scene.session.authority)
            var row = try #require(try Self.stored(scene.session))
            switch variant {
            case "tampered":
                row.mac[0] ^= 1
            case "version 1":
                let key = try AuthoritySnapshot.macKey(userKey: scene.session.user.sealingKey,
                                                       repositoryID: scene.session.repository.repositoryID,
                                                       userID: scene.session.user.id)
                row.state = VisibilityFingerprintTests.versionOne(row.state)
                row.mac = try HMACSHA256.authenticate(key: key, message: try scene.session.repository.ledger.rootHash(treeSize: row.size)
                                                          + row.state)
            default:
                row.size += 5
            }
            try Self.store(row, in: scene.session)
            try Self.plantProbe(scene.session)
            let rebuilt = try scene.fixture.open()
            #expect(try !Self.probeKept(rebuilt), "\(variant): the catalog was not rebuilt")
            #expect(try AuthoritySnapshot.encode(rebuilt.authority) == reference, "\(variant)")
            let stored = try #require(try Self.stored(rebuilt))
            #expect(stored.state == reference && stored.state[4] == AuthoritySnapshot.version, "\(variant)")
            // Once: the stored snapshot now opens.
            try Self.plantProbe(rebuilt)
            #expect(try Self.probeKept(try scene.fixture.open()), "\(variant): rebuilt a second time")
        }
    }
}
