import Foundation
import GRDB
import Testing
@testable import EvidenceStore

/// The shortcuts `verify` takes at scale must decide exactly what the slow way decides.
@Suite struct VerifySpeedupTests {
    // MARK: Signatures checked ahead of the replay

    private static let userID = "usr_01HZZZZZZZZZZZZZZZZZZZZZZZ"

    private static func entry(seq: UInt64, type: String, publicPart: [String: JSONValue]? = nil,
                              signedBy key: Ed25519.PrivateKey) throws -> LedgerEntry {
        var entry = LedgerEntry(seq: seq, time: Timestamp(milliseconds: 1_773_454_427_120 + Int64(seq)), type: type,
                                actor: userID, tool: "test", publicPart: publicPart, signer: userID, signature: [])
        entry.signature = try key.sign(entry.signingBytes())
        return entry
    }

    @Test func signaturesAreKnownOnlyForTheKeyTheyVerifyWith() throws {
        let registered = try Ed25519.PrivateKey.generate()
        let other = try Ed25519.PrivateKey.generate()
        let registration = try Self.entry(seq: 1, type: EventType.identityRegistered,
                                          publicPart: ["user": .string(Self.userID), "signingKey": .string(Base64.encode(registered.publicKey))],
                                          signedBy: registered)
        let good = try Self.entry(seq: 2, type: EventType.custodyTransferred, signedBy: registered)
        let forged = try Self.entry(seq: 3, type: EventType.custodyTransferred, signedBy: other)
        var altered = try Self.entry(seq: 4, type: EventType.custodyTransferred, signedBy: registered)
        altered.tool = "altered after signing"
        let verified = VerifiedSignatures(checking: [nil, registration, good, forged, altered])

        #expect(verified.knowsValid(registration, key: registered.publicKey))
        #expect(verified.knowsValid(good, key: registered.publicKey))
        // Known valid only with the key it verifies with, never with another.
        #expect(!verified.knowsValid(good, key: other.publicKey))
        // Signed by a key the ledger never registers, or altered after signing: not known valid.
        #expect(!verified.knowsValid(forged, key: other.publicKey))
        #expect(!verified.knowsValid(forged, key: registered.publicKey))
        #expect(!verified.knowsValid(altered, key: registered.publicKey))
        // An entry with the same sequence number but other content is not vouched for.
        var lookalike = good
        lookalike.tool = "another entry at the same place"
        lookalike.signature = try other.sign(lookalike.signingBytes())
        #expect(!verified.knowsValid(lookalike, key: registered.publicKey))
        #expect(!verified.knowsValid(lookalike, key: other.publicKey))
    }

    @Test func keysRegisteredBeforeABatchCount() throws {
        let registered = try Ed25519.PrivateKey.generate()
        let entry = try Self.entry(seq: 7, type: EventType.custodyTransferred, signedBy: registered)
        // Without the registration in the batch, the key must come from the state before it.
        #expect(!VerifiedSignatures(checking: [entry]).knowsValid(entry, key: registered.publicKey))
        let verified = VerifiedSignatures(checking: [entry], knownKeys: [Self.userID: registered.publicKey])
        #expect(verified.knowsValid(entry, key: registered.publicKey))
        let other = try Ed25519.PrivateKey.generate()
        #expect(!VerifiedSignatures(checking: [entry], knownKeys: [Self.userID: other.publicKey]).knowsValid(entry, key: other.publicKey))
    }

    // MARK: Catalog comparison

    private static func hold(_ db: Database, id: String, reason: String, seq: Int) throws {
        try db.execute(sql: """
            INSERT INTO holds (id, case_id, reason, added_seq, added_at, added_by)
            VALUES (?, 'case_1', ?, ?, '2026-03-14T02:13:47.120Z', 'usr_1')
            """, arguments: [id, reason, seq])
    }

    @Test func catalogComparisonNamesEachRowAndColumn() throws {
        let stored = try Catalog()
        let expected = try Catalog()
        try stored.database.write { db in
            try Self.hold(db, id: "hold_b", reason: "as recorded", seq: 7)
            try Self.hold(db, id: "hold_c", reason: "edited", seq: 9)
            try Self.hold(db, id: "hold_z", reason: "planted", seq: 11)
        }
        try expected.database.write { db in
            try Self.hold(db, id: "hold_a", reason: "deleted from the stored copy", seq: 5)
            try Self.hold(db, id: "hold_b", reason: "as recorded", seq: 7)
            try Self.hold(db, id: "hold_c", reason: "as recorded", seq: 8)
        }
        let storedRows = try stored.database.read { try CatalogRows.read($0) }
        let expectedRows = try expected.database.read { try CatalogRows.read($0) }
        #expect(storedRows.problems(comparedWith: expectedRows) == [
            "catalog: holds row \"hold_a\" is missing (run evidence rebuild)",
            "catalog: holds row \"hold_c\" differs from the ledger in added_seq, reason (edited outside evidence; run evidence rebuild)",
            "catalog: holds row \"hold_z\" is not backed by any ledger entry (run evidence rebuild)",
        ])
        #expect(expectedRows.problems(comparedWith: expectedRows).isEmpty)
    }

    // MARK: Strings parsed the fast way and the escaped way

    @Test func stringsParseTheSameWithAndWithoutEscapes() throws {
        let cases: [(json: String, value: String)] = [
            (#""plain ascii""#, "plain ascii"),
            (#""caf\u00e9 and café""#, "café and café"),
            (#""line\nbreak \"quoted\" back\\slash \/ tab\t""#, "line\nbreak \"quoted\" back\\slash / tab\t"),
            (#""\ud83d\ude00 then 😀""#, "😀 then 😀"),
            (#""ends with escape\n""#, "ends with escape\n"),
            (#""\"""#, "\""),
            (#""""#, ""),
            (#""日本語\t中文""#, "日本語\t中文"),
        ]
        for (json, value) in cases {
            #expect(try JSONParser.parse(Array(json.utf8)) == .string(value), "\(json)")
        }
        // Invalid UTF-8 is refused before and after an escape alike.
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], [0x22, 0xC3, 0x5C, 0x6E, 0xA9, 0x22]] {
            #expect(throws: (any Error).self) { try JSONParser.parse(bytes) }
        }
    }
}
