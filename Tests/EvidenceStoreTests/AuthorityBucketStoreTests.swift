import Foundation
import GRDB
import Testing
@testable import EvidenceStore

/// The catalog's `authority_buckets` (docs/HOST-STATE.md §1): the buckets of the stored
/// snapshot by digest, those it no longer names retired and removed an hour later, and a
/// snapshot naming a bucket the catalog lacks never opened.
@Suite struct AuthorityBucketStoreTests {
    typealias Scene = VisibilityFingerprintTests.Scene

    static func buckets(_ session: Session) throws -> [(digest: Data, retired: Int64?)] {
        try session.catalog.database.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT digest, retired_at FROM authority_buckets").map { ($0["digest"], $0["retired_at"]) }
        }
    }

    static func named(_ session: Session) throws -> Set<Data> {
        Set(try #require(session.authority.items.stored).buckets.map { Data($0.digest) })
    }

    @Test("a bucket the stored snapshot stops naming is retired, kept for an hour, then removed; one named again is kept")
    func retiredBucketsGoAfterAnHour() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        let first = try Self.named(scene.session)
        // A new item changes the bucket it falls in (with one case, there is one bucket).
        try scene.add("b.txt")
        let second = try Self.named(scene.session)
        #expect(first != second)
        let rows = try Self.buckets(scene.session)
        #expect(Set(rows.filter { $0.retired == nil }.map(\.digest)) == second)
        let retired = rows.filter { $0.retired != nil }
        #expect(Set(retired.map(\.digest)) == first.subtracting(second))
        // An hour on, the next stored snapshot removes them.
        let state = scene.session.authority
        let key = try AuthoritySnapshot.macKey(userKey: scene.session.user.sealingKey, repositoryID: scene.session.repository.repositoryID,
                                               userID: scene.session.user.id)
        let sealed = try AuthoritySnapshot.seal(state, root: try scene.session.repository.ledger.rootHash(treeSize: state.size), key: key)
        let later = Int64(Date().timeIntervalSince1970) + Catalog.retiredBucketLifetime + 5
        #expect(try scene.session.catalog.database.write { db in
            try scene.session.catalog.storeAuthoritySnapshot(db, size: state.size, sealed: sealed, now: later)
        })
        let after = try Self.buckets(scene.session)
        #expect(Set(after.map(\.digest)) == second, "the retired buckets are gone, the named ones stay")
        #expect(after.allSatisfy { $0.retired == nil })
        // The state stays readable from what is stored.
        let reopened = try scene.fixture.open()
        #expect(try reopened.authority.items.item(scene.firstItem) != nil)
        #expect(reopened.authority == scene.session.authority)
    }

    @Test("a snapshot naming a bucket the catalog lacks is not stored over, and one found lacking at sign-in is rebuilt from the ledger")
    func missingBucketIsRebuilt() throws {
        let scene = try Scene()
        defer { scene.fixture.dir.remove() }
        try scene.add("b.txt", "c.txt")
        let reference = try AuthoritySnapshot.encode(scene.session.authority)
        let digests = try Self.named(scene.session)
        try scene.session.catalog.database.write { db in
            for digest in digests { try db.execute(sql: "DELETE FROM authority_buckets WHERE digest = ?", arguments: [digest]) }
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('test-probe', 'kept')")
        }
        let rebuilt = try scene.fixture.open()
        let probe = try rebuilt.catalog.database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'test-probe'")
        }
        #expect(probe == nil, "the catalog was rebuilt")
        #expect(try AuthoritySnapshot.encode(rebuilt.authority) == reference)
        #expect(try Self.named(rebuilt).isSubset(of: Set(try Self.buckets(rebuilt).map(\.digest))))

        // Storing a snapshot whose unchanged buckets are gone stores nothing (it is only a cache).
        let stale = rebuilt.authority
        try rebuilt.catalog.database.write { db in try db.execute(sql: "DELETE FROM authority_buckets") }
        let key = try AuthoritySnapshot.macKey(userKey: rebuilt.user.sealingKey, repositoryID: rebuilt.repository.repositoryID,
                                               userID: rebuilt.user.id)
        let sealed = try AuthoritySnapshot.seal(stale, root: try rebuilt.repository.ledger.rootHash(treeSize: stale.size), key: key)
        #expect(sealed.buckets.builtBuckets.isEmpty)
        #expect(try !rebuilt.catalog.database.write { db in
            try rebuilt.catalog.storeAuthoritySnapshot(db, size: stale.size, sealed: sealed)
        })
    }
}
