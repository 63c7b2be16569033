import Foundation
import GRDB
import Testing
@testable import EvidenceStore

/// RepositoryInitializer and Session end to end, in-process: init, sign in, create a case,
/// add files, list, get, verify and rebuild.
@Suite struct UnitRepositoryTests {
    static let passphrase = "correct horse battery staple"

    struct Fixture {
        let dir: UnitTempDir
        let repo: String
        let state: String
        let result: RepositoryInitializer.Result

        init() throws {
            dir = try UnitTempDir("repo")
            repo = dir.file("repo")
            state = dir.file("state")
            result = try RepositoryInitializer.run(.init(
                path: repo, stateRoot: state, userName: "alice", passphrase: UnitRepositoryTests.passphrase,
                recoveryPassphrase: "a recovery passphrase", kdfCost: 10, host: "test.example", chunkSize: 4096))
            // alice administers and reads no content: an officer does the case work.
            let admin = try Session.open(repositoryPath: repo, stateRoot: state, userName: "alice",
                                         passphrase: UnitRepositoryTests.passphrase)
            let invitation = try admin.addUser(name: "officer", roles: ["senior-investigating-officer", "disclosure-officer"],
                                               clearance: "SC", kdfCost: 10, reason: nil, wait: 0)
            _ = try Session.enrol(repositoryPath: repo, stateRoot: state, name: "officer", code: invitation.code,
                                  passphrase: UnitRepositoryTests.passphrase, kdfCost: 10, wait: 0)
        }

        func open(_ passphrase: String = UnitRepositoryTests.passphrase, user: String = "officer") throws -> Session {
            try Session.open(repositoryPath: repo, stateRoot: state, userName: user, passphrase: passphrase)
        }
    }

    @Test func initCreatesARepository() throws {
        let fixture = try Fixture()
        defer { fixture.dir.remove() }
        #expect(ULID.isValid(fixture.result.repositoryID, prefix: "repo"))
        #expect(ULID.isValid(fixture.result.userID, prefix: "usr"))
        #expect(fixture.result.recoveryCode == nil)
        let vkey = try NoteVerifierKey(parsing: fixture.result.verifierKey)
        #expect(vkey.name == "test.example/evidence/\(fixture.result.repositoryID)")
        let checkpoint = try SignedCheckpoint.open(fixture.result.checkpoint, verifier: vkey).checkpoint
        #expect(checkpoint.origin == vkey.name)
        // repository.created, the first user, the recovery slot and the default policy.
        #expect(checkpoint.size == 4)
        for path in ["config", "ledger/checkpoint", "ledger/checkpoints/4", "objects", "locks"] {
            #expect(UnitFiles.exists(fixture.dir.file("repo/\(path)")), "\(path) missing")
        }
        // The state folder is outside the repository.
        #expect(!UnitFiles.listRecursively(fixture.repo).contains { $0.hasSuffix(".sqlite") })
        // A second init into the same folder is refused.
        #expect(throws: EvidenceError.self) {
            try RepositoryInitializer.run(.init(path: fixture.repo, stateRoot: fixture.state, userName: "bob",
                                                passphrase: "x", recoveryPassphrase: nil, kdfCost: 10, host: "test.example"))
        }
    }

    @Test func initRejectsBadOptions() throws {
        let dir = try UnitTempDir("repo")
        defer { dir.remove() }
        func run(user: String = "alice", passphrase: String = "pw", recovery: String? = nil, kdf: Int = 10) throws {
            _ = try RepositoryInitializer.run(.init(path: dir.file("r-\(UUID().uuidString)"), stateRoot: dir.file("state"),
                                                    userName: user, passphrase: passphrase, recoveryPassphrase: recovery,
                                                    kdfCost: kdf, host: "test.example", chunkSize: 4096))
        }
        for (label, attempt) in [("kdf 9", { try run(kdf: 9) }), ("kdf 23", { try run(kdf: 23) }),
                                 ("empty passphrase", { try run(passphrase: "") }),
                                 ("short recovery passphrase", { try run(recovery: "short") }),
                                 ("bad user name", { try run(user: "Alice Smith") }), ("empty user", { try run(user: "") })]
            as [(String, () throws -> Void)] {
            #expect(throws: EvidenceError.self, "\(label)") { try attempt() }
        }
    }

    @Test func signInNeedsTheRightPassphrase() throws {
        let fixture = try Fixture()
        defer { fixture.dir.remove() }
        let session = try fixture.open(user: "alice")
        #expect(session.user.name == "alice")
        #expect(session.user.id == fixture.result.userID)
        #expect(session.repository.repositoryID == fixture.result.repositoryID)
        for (passphrase, user) in [("wrong", "alice"), ("", "alice"), (Self.passphrase + " ", "alice"),
                                   (Self.passphrase, "bob"), (Self.passphrase, "ALICE")] {
            #expect(throws: EvidenceError.badCredentials, "\(user) / \(passphrase)") {
                try fixture.open(passphrase, user: user)
            }
        }
        #expect(EvidenceError.badCredentials.exitCode == 77)
        // Not a repository.
        #expect(throws: (any Error).self) {
            try Session.open(repositoryPath: fixture.dir.file("nowhere"), stateRoot: fixture.state, userName: "alice",
                             passphrase: Self.passphrase)
        }
    }

    @Test func caseAddGetVerifyRebuild() throws {
        let fixture = try Fixture()
        defer { fixture.dir.remove() }
        let session = try fixture.open()
        let created = try session.createCase(reference: "OP-BURGLARY-1", title: "Burglary at 12 High Street",
                                             classification: .officialSensitive, reason: "new case", wait: 0)
        #expect(ULID.isValid(created.id, prefix: "case"))
        #expect(created.reference == "OP-BURGLARY-1")
        #expect(created.title == "Burglary at 12 High Street")
        #expect(created.classification == "OFFICIAL-SENSITIVE")
        #expect(try session.listCases().map(\.id) == [created.id])
        #expect(throws: EvidenceError.self) {
            try session.createCase(reference: "OP-BURGLARY-1", title: "again", classification: .official, reason: nil, wait: 0)
        }

        // Files crossing chunk boundaries, one empty, one duplicate.
        var rng = UnitRNG(seed: 2)
        let contents: [(String, [UInt8])] = [
            ("statement.txt", Array(String(repeating: "I saw a man in a dark coat leave by the back door. ", count: 300).utf8)),
            ("cctv.jpg", rng.bytes(3 * 4096 + 5)),
            ("empty.txt", []),
            ("copy-of-statement.txt", Array(String(repeating: "I saw a man in a dark coat leave by the back door. ", count: 300).utf8)),
        ]
        var paths: [String] = []
        for (name, bytes) in contents { paths.append(try fixture.dir.write("input/\(name)", bytes)) }
        var options = AddOptions(caseReference: "OP-BURGLARY-1")
        options.kind = "exhibit"
        options.exhibitRef = "JS/1"
        options.seizedBy = "PC 123 Smith"
        options.description = "Items from the scene"
        var warnings: [String] = []
        var added: [AddedItem] = []
        try session.add(paths: paths, options: options, warn: { warnings.append($0) }) { added.append($0) }
        #expect(warnings.isEmpty)
        #expect(added.count == 4)
        for (item, (name, bytes)) in zip(added, contents) {
            #expect(item.sha256 == Hex.encode(try SHA256.hash(bytes)), "\(name)")
            #expect(item.size == UInt64(bytes.count))
            #expect(item.path == name)
            #expect(item.caseID == created.id)
            #expect(ULID.isValid(item.id, prefix: "itm"))
        }
        #expect(added[3].duplicateOf == added[0].id)
        #expect(added[0].duplicateOf == nil)

        let items = try session.listItems(caseReference: "OP-BURGLARY-1")
        #expect(items.map(\.id) == added.map(\.id))
        #expect(items.map(\.sha256) == added.map(\.sha256))
        #expect(items.map(\.name) == contents.map(\.0))
        #expect(items.allSatisfy { $0.exhibitRef == "JS/1" && $0.seizedBy == "PC 123 Smith" && $0.kind == "exhibit" })
        #expect(items[0].objectName == items[3].objectName)
        #expect(try session.listItems(caseReference: nil).map(\.id) == added.map(\.id))
        #expect(throws: EvidenceError.noSuchCase("OP-NONE")) { try session.listItems(caseReference: "OP-NONE") }

        // get writes the original bytes.
        for (item, (name, bytes)) in zip(added, contents) {
            let output = fixture.dir.file("out/\(name)")
            try FileManager.default.createDirectory(atPath: fixture.dir.file("out"), withIntermediateDirectories: true)
            _ = try session.get(itemID: item.id, output: output, reason: "review", wait: 0)
            #expect(try UnitFiles.read(output) == bytes, "\(name)")
        }
        #expect(throws: EvidenceError.self) {
            try session.get(itemID: "itm_01ARYZ6S41TSV4RRFFQ69G5FAV", output: fixture.dir.file("out/x"), reason: nil, wait: 0)
        }
        // Reads are recorded against the item.
        let events = try session.itemEvents(added[1].id)
        #expect(events.map(\.type) == [EventType.itemAdded, EventType.itemRead])

        // verify: intact, records itself.
        let report = try session.verify(reason: "unit test", wait: 0)
        #expect(report.problems == [], "\(report.problems)")
        #expect(report.isIntact)
        #expect(report.itemsChecked == 4)
        #expect(report.objectsDecrypted == 4)
        #expect(report.uncommittedTail == 0)
        #expect(report.recordedAt != nil)

        // A second session (another command) sees the same.
        let again = try fixture.open()
        #expect(try again.listItems(caseReference: created.id).map(\.id) == added.map(\.id))

        // Rebuild: identical answers, and verify still finds the catalog in agreement.
        let before = try again.listItems(caseReference: nil)
        let casesBefore = try again.listCases()
        _ = try again.rebuild()
        #expect(try again.listItems(caseReference: nil) == before)
        #expect(try again.listCases() == casesBefore)
        let afterRebuild = try again.verify(reason: nil, wait: 0)
        #expect(afterRebuild.problems == [], "\(afterRebuild.problems)")
        #expect(!afterRebuild.problems.contains { $0.hasPrefix("catalog") })

        // Deleting the state folder and signing in again rebuilds the same catalog.
        try FileManager.default.removeItem(atPath: fixture.state)
        let fresh = try fixture.open()
        #expect(try fresh.listItems(caseReference: nil) == before)
        #expect(try fresh.verify(reason: nil, wait: 0).isIntact)
    }

    /// A session whose checkpoint is older than the shared catalog (another process committed
    /// and projected since it opened) reads the checkpoint again instead of rebuilding the
    /// catalog back to its older one, which took the other writer's items out of it while they
    /// were being indexed (seen as a search index missing items after concurrent adds).
    @Test func aStaleSessionDoesNotTakeNewerEntriesOutOfTheCatalog() throws {
        let fixture = try Fixture()
        defer { fixture.dir.remove() }
        let writer = try fixture.open()
        _ = try writer.createCase(reference: "C1", title: "t", classification: .official, reason: nil, wait: 0)
        let stale = try fixture.open()
        let staleSize = stale.view.checkpoint.size
        let path = try fixture.dir.write("input/a.txt", Array("a statement".utf8))
        var added: [AddedItem] = []
        try writer.add(paths: [path], options: AddOptions(caseReference: "C1"), warn: { _ in }) { added.append($0) }
        let item = try #require(added.first)
        let newest = try writer.projectedLedgerSize()
        #expect(newest > staleSize)

        try stale.sync()
        #expect(try writer.projectedLedgerSize() == newest)
        #expect(try writer.itemForIndexing(id: item.id) != nil)
        #expect(stale.view.checkpoint.size == newest)
    }

    @Test func verifyNamesATamperedObject() throws {
        let fixture = try Fixture()
        defer { fixture.dir.remove() }
        let session = try fixture.open()
        _ = try session.createCase(reference: "C1", title: "t", classification: .official, reason: nil, wait: 0)
        var rng = UnitRNG(seed: 3)
        let path = try fixture.dir.write("input/photo.jpg", rng.bytes(2 * 4096 + 1))
        var added: [AddedItem] = []
        try session.add(paths: [path], options: AddOptions(caseReference: "C1"), warn: { _ in }) { added.append($0) }
        let item = try #require(added.first)
        let record = try session.findItem(item.id, for: .viewMetadata).item
        let objectPath = session.repository.objectPath(caseID: record.caseID, name: try #require(record.objectName))
        let bytes = try UnitFiles.read(objectPath)
        try UnitFiles.write(objectPath, bytes.unitFlipping(at: bytes.count - 100))
        let report = try session.verify(reason: nil, wait: 0)
        #expect(!report.isIntact)
        #expect(report.problems.contains { $0.contains(item.id) }, "\(report.problems)")
        // get refuses, with the integrity exit code, and leaves no output file.
        let output = fixture.dir.file("photo-out.jpg")
        do {
            _ = try session.get(itemID: item.id, output: output, reason: "check", wait: 0)
            Issue.record("get returned a tampered object")
        } catch let error as EvidenceError {
            #expect(error.kind == .data)
        }
        #expect(!UnitFiles.exists(output))
        #expect(!UnitFiles.listRecursively(fixture.dir.path).contains { $0.contains("photo-out.jpg") })
    }

    @Test func verifyNamesAnEditedCatalogRowAndRebuildRepairsIt() throws {
        let fixture = try Fixture()
        defer { fixture.dir.remove() }
        let session = try fixture.open()
        _ = try session.createCase(reference: "C1", title: "t", classification: .official, reason: nil, wait: 0)
        let path = try fixture.dir.write("input/note.txt", Array("a note".utf8))
        var added: [AddedItem] = []
        try session.add(paths: [path], options: AddOptions(caseReference: "C1"), warn: { _ in }) { added.append($0) }
        let item = try #require(added.first)
        let listed = try session.listItems(caseReference: "C1")
        try session.catalog.database.write { db in
            try db.execute(sql: "UPDATE items SET sha256 = ? WHERE id = ?",
                           arguments: [String(repeating: "0", count: 64), item.id])
        }
        let report = try session.verify(reason: nil, wait: 0)
        #expect(report.problems.contains { $0.hasPrefix("catalog") && $0.contains(item.id) }, "\(report.problems)")
        _ = try session.rebuild()
        #expect(try session.listItems(caseReference: "C1") == listed)
        #expect(try session.verify(reason: nil, wait: 0).problems == [])
    }

    @Test func addWithExpectedHash() throws {
        let fixture = try Fixture()
        defer { fixture.dir.remove() }
        let session = try fixture.open()
        _ = try session.createCase(reference: "C1", title: "t", classification: .official, reason: nil, wait: 0)
        let bytes = Array("exhibit".utf8)
        let path = try fixture.dir.write("input/a.txt", bytes)
        var options = AddOptions(caseReference: "C1")
        options.expectedSHA256 = [UInt8](repeating: 0, count: 32)
        #expect(throws: EvidenceError.self) {
            try session.add(paths: [path], options: options, warn: { _ in }) { _ in }
        }
        #expect(try session.listItems(caseReference: "C1").isEmpty)
        options.expectedSHA256 = try SHA256.hash(bytes)
        var added: [AddedItem] = []
        try session.add(paths: [path], options: options, warn: { _ in }) { added.append($0) }
        #expect(added.count == 1)
        #expect(try session.verify(reason: nil, wait: 0).isIntact)
    }
}
