import Foundation
import Testing
@testable import EvidenceStore

/// The visibility fingerprint of HOST-STATE.md §4 (one per case, costing nothing per item) and the
/// authority snapshot that carries its reclassification mark.
@Suite struct VisibilityFingerprintTests {
    /// A repository whose officer created case OP-1 (OFFICIAL) and added one item to it.
    struct Scene {
        let fixture: UnitRepositoryTests.Fixture
        let session: Session
        let caseID: String
        let firstItem: String

        init() throws {
            fixture = try UnitRepositoryTests.Fixture()
            session = try fixture.open()
            caseID = try session.createCase(reference: "OP-1", title: "Fingerprints", classification: .official,
                                            reason: nil, wait: 0).id
            firstItem = try #require(try Self.add(session, fixture, "a.txt").first)
        }

        @discardableResult
        static func add(_ session: Session, _ fixture: UnitRepositoryTests.Fixture, _ names: String...) throws -> [String] {
            var paths: [String] = []
            for name in names { paths.append(try fixture.dir.write("input/\(name)", Array("content of \(name)".utf8))) }
            var ids: [String] = []
            try session.add(paths: paths, options: AddOptions(caseReference: "OP-1"), warn: { _ in }) { ids.append($0.id) }
            return ids
        }

        @discardableResult
        func add(_ names: String...) throws -> [String] {
            var ids: [String] = []
            for name in names { ids += try Self.add(session, fixture, name) }
            return ids
        }

        func fingerprint(of userID: String? = nil) -> String? {
            Visibility(state: session.authority, userID: userID ?? session.user.id)
                .fingerprints(before: session.authority.size)[caseID]
        }
    }

    static func digest(_ text: String) throws -> String { Hex.encode(try SHA256.hash(Array(text.utf8))) }

    /// The text of HOST-STATE.md §4 for a user who sees the case and every class (`seen` true), or none.
    static func text(seen: Bool, reclassified: UInt64? = nil) -> String {
        var text = "evidence/v1/visibility\ncase \(seen ? 1 : 0)\n"
        for classification in ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"] {
            for sensitive in [0, 1] { text += "class \(classification) \(sensitive) \(seen ? 1 : 0)\n" }
        }
        if let reclassified { text += "reclassified \(reclassified)\n" }
        return text
    }

    @Test("the fingerprint is HOST-STATE.md §4's text; adding items and amending other fields leave it, reclassifying an item changes it")
    func fingerprintMarksReclassifications() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        let session = scene.session
        // The officer (SC, senior investigating officer) sees every class; alice, no member, none.
        #expect(scene.fingerprint() == (try Self.digest(Self.text(seen: true))))
        #expect(scene.fingerprint(of: scene.fixture.result.userID) == (try Self.digest(Self.text(seen: false))))
        let initial = scene.fingerprint()

        try scene.add("b.txt", "c.txt")
        #expect(scene.fingerprint() == initial)
        _ = try session.amend(itemID: scene.firstItem, changes: ["description": .string("bagged at the scene")], reason: nil, wait: 0)
        _ = try session.amend(itemID: scene.firstItem, changes: ["classification": .string("OFFICIAL")], reason: nil, wait: 0)
        #expect(session.authority.cases[scene.caseID]?.lastReclassified == nil)
        #expect(scene.fingerprint() == initial)

        _ = try session.amend(itemID: scene.firstItem, changes: ["classification": .string("SECRET")], reason: nil, wait: 0)
        let amended = try #require(try session.itemEvents(scene.firstItem).last)
        #expect(amended.type == EventType.itemAmended)
        let seq = UInt64(amended.seq)
        #expect(session.authority.cases[scene.caseID]?.lastReclassified == seq)
        #expect(scene.fingerprint() == (try Self.digest(Self.text(seen: true, reclassified: seq))))
        let reclassified = scene.fingerprint()
        #expect(reclassified != initial)

        // New material after it changes nothing; a second reclassification moves the mark.
        try scene.add("d.txt")
        #expect(scene.fingerprint() == reclassified)
        _ = try session.amend(itemID: scene.firstItem, changes: ["sensitive": .bool(true)], reason: nil, wait: 0)
        let second = UInt64(try #require(try session.itemEvents(scene.firstItem).last).seq)
        #expect(second > seq)
        #expect(scene.fingerprint() == (try Self.digest(Self.text(seen: true, reclassified: second))))

        // Only cases created before the position have one.
        let created = try #require(session.authority.cases[scene.caseID]?.createdAt)
        let visibility = Visibility(state: session.authority, userID: session.user.id)
        #expect(visibility.fingerprints(before: created)[scene.caseID] == nil)
        #expect(visibility.fingerprints(before: created + 1)[scene.caseID] != nil)
    }

    @Test("the snapshot carries the reclassification mark; a tampered snapshot, another root or a version 1 snapshot does not open")
    func snapshotRoundTrip() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        let session = scene.session
        _ = try session.amend(itemID: scene.firstItem, changes: ["classification": .string("SECRET")], reason: nil, wait: 0)
        let state = session.authority
        #expect(state.cases[scene.caseID]?.lastReclassified != nil)
        let key = try AuthoritySnapshot.macKey(userKey: session.user.sealingKey, repositoryID: session.repository.repositoryID,
                                               userID: session.user.id)
        let root = try session.repository.ledger.rootHash(treeSize: state.size)
        let sealed = try AuthoritySnapshot.seal(state, root: root, key: key)
        #expect(sealed.bytes[4] == AuthoritySnapshot.version, "the version byte follows the magic")
        let source = MemoryBucketSource(backedBy: CatalogBucketSource(catalog: session.catalog))
        source.keep(sealed.buckets)
        let opened = AuthoritySnapshot.open(sealed.bytes, mac: sealed.mac, root: root, key: key, source: source)
        #expect(opened == state)
        #expect(try opened.map(AuthoritySnapshot.encode) == sealed.bytes)

        var tampered = sealed.bytes
        tampered[tampered.count - 1] ^= 1
        #expect(AuthoritySnapshot.open(tampered, mac: sealed.mac, root: root, key: key, source: source) == nil)
        let otherRoot = try session.repository.ledger.rootHash(treeSize: state.size - 1)
        #expect(AuthoritySnapshot.open(sealed.bytes, mac: sealed.mac, root: otherRoot, key: key, source: source) == nil)
        let older = Self.versionOne(sealed.bytes)
        let olderMAC = try HMACSHA256.authenticate(key: key, message: root + older)
        #expect(AuthoritySnapshot.open(older, mac: olderMAC, root: root, key: key, source: source) == nil)
        // A snapshot whose buckets are not all where it says does not open either.
        #expect(AuthoritySnapshot.open(sealed.bytes, mac: sealed.mac, root: root, key: key, source: MemoryBucketSource()) == nil)
    }

    /// `bytes` labelled version 1, authenticated as such a snapshot would be: what a catalog
    /// written by an earlier version holds.
    static func versionOne(_ bytes: [UInt8]) -> [UInt8] {
        var older = bytes
        older[4] = 1
        return older
    }
}
