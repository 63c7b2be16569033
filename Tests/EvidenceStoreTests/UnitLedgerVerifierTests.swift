import Foundation
import Testing
@testable import EvidenceStore

/// LedgerVerifier over real signed entries, and LedgerEntry's strict encoding.
@Suite struct UnitLedgerVerifierTests {
    static let userID = "usr_01ARYZ6S41TSV4RRFFQ69G5FAV"
    static let caseID = "case_01ARYZ6S41TSV4RRFFQ69G5FAV"
    static let itemID = "itm_01ARYZ6S41TSV4RRFFQ69G5FAV"

    /// A signed ledger as `evidence` writes it: repository.created (signed by the log key,
    /// announcing it), identity.registered, then events signed by that user.
    final class SignedLedger {
        let ledger: UnitLedger
        let userKey: Ed25519.PrivateKey
        var entries: [[UInt8]] = []
        var commits: [Int] = []

        /// `customize` may change an entry (and choose the key that signs it) before it is signed.
        init(size: Int, commitsAt: [Int] = [],
             customize: ((Int, inout LedgerEntry) -> Ed25519.PrivateKey?)? = nil) throws {
            ledger = try UnitLedger()
            userKey = try Ed25519.PrivateKey.generate()
            let writer = try ledger.freshWriter()
            let start = Timestamp(milliseconds: 1_773_454_427_000)
            for seq in 0..<size {
                var entry: LedgerEntry
                let time = Timestamp(milliseconds: start.milliseconds + Int64(seq / 3) * 1000)
                switch seq {
                case 0:
                    entry = LedgerEntry(seq: 0, time: time, type: EventType.repositoryCreated, actor: userID, tool: "evidence/test",
                                        publicPart: ["logKey": .string(ledger.verifier.encoded)], signer: LedgerEntry.logSigner)
                    entry.signature = try ledger.logKey.sign(entry.signingBytes())
                case 1:
                    entry = LedgerEntry(seq: 1, time: time, type: EventType.identityRegistered, actor: userID, tool: "evidence/test",
                                        publicPart: ["user": .string(userID), "signingKey": .string(Base64.encode(userKey.publicKey)),
                                                     "sealingKey": .string(Base64.encode([UInt8](repeating: 7, count: 32)))],
                                        signer: userID)
                    entry.signature = try userKey.sign(entry.signingBytes())
                default:
                    // Refusals need no policy, case or item: any registered user's are valid.
                    entry = LedgerEntry(seq: UInt64(seq), time: time, type: EventType.accessDenied, actor: userID,
                                        tool: "evidence/test", audit: [UInt8](repeating: UInt8(seq % 256), count: 40),
                                        signer: userID)
                    entry.signature = try userKey.sign(entry.signingBytes())
                }
                if let customize {
                    let key = customize(seq, &entry) ?? (entry.signer == LedgerEntry.logSigner ? ledger.logKey : userKey)
                    entry.signature = try key.sign(entry.signingBytes())
                }
                let bytes = entry.encoded()
                entries.append(bytes)
                try writer.append(bytes)
                if commitsAt.contains(seq + 1) {
                    try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
                    commits.append(seq + 1)
                }
            }
            if commits.last != size {
                try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
                commits.append(size)
            }
        }

        /// `nil`: no trusted key, so the verifier takes the one entry 0 announces.
        func verify(trusting key: NoteVerifierKey?) -> LedgerVerifier.Result {
            LedgerVerifier(store: ledger.store, origin: UnitLedger.origin).run(trustedLogKey: key, keepingEntries: true)
        }

        func verifyTrustingLogKey() -> LedgerVerifier.Result {
            LedgerVerifier(store: ledger.store, origin: UnitLedger.origin).run(trustedLogKey: ledger.verifier, keepingEntries: true)
        }

        /// Rewrites the entry bundles that the newest checkpoint covers.
        func rewriteBundles(_ newEntries: [[UInt8]]) throws {
            let size = commits.last!
            var index = 0
            while index * 256 < size {
                let width = min(256, size - index * 256)
                let slice = Array(newEntries[(index * 256)..<min(newEntries.count, index * 256 + width)])
                try UnitFiles.write(ledger.path(TilePath.entryBundle(index: UInt64(index), width: width)),
                                    try EntryBundle.encode(slice))
                index += 1
            }
        }
    }

    static func expectProblem(_ result: LedgerVerifier.Result, mentioning text: String, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.problems.isEmpty, "\(what): no problem reported", sourceLocation: sourceLocation)
        #expect(result.problems.contains { $0.contains(text) }, "\(what): no problem mentions \"\(text)\": \(result.problems)",
                sourceLocation: sourceLocation)
    }

    @Test func intactLedgerHasNoProblems() throws {
        let signed = try SignedLedger(size: 300, commitsAt: [2, 100, 256])
        for result in [signed.verifyTrustingLogKey(), signed.verify(trusting: nil)] {
            #expect(result.problems == [])
            #expect(result.treeSize == 300)
            #expect(result.entries.count == 300)
            #expect(result.entries.allSatisfy { $0 != nil })
            #expect(result.checkpointsChecked == 4)
            #expect(result.uncommittedTail == 0)
            #expect(result.leafHashes == (try signed.entries.map { try Merkle.leafHash($0) }))
        }
    }

    @Test func aChangedEntryByteIsNamed() throws {
        for target in [5, 270] {
            let signed = try SignedLedger(size: 300, commitsAt: [100])
            var entries = signed.entries
            // Flip one letter inside the tool name: still valid JSON, so only hashes and signature catch it.
            let tool = Array("evidence/test".utf8)
            let offset = entries[target].indices.first { Array(entries[target][$0..<min($0 + tool.count, entries[target].count)]) == tool }!
            entries[target][offset + 2] ^= 0x20
            try signed.rewriteBundles(entries)
            let result = signed.verifyTrustingLogKey()
            Self.expectProblem(result, mentioning: "ledger entry \(target)", "entry \(target) changed")
            #expect(result.problems.contains { $0.contains("signature") && $0.contains("ledger entry \(target)") })
        }
    }

    @Test func aGarbledEntryIsNamed() throws {
        let signed = try SignedLedger(size: 40)
        var entries = signed.entries
        entries[7][0] = UInt8(ascii: "[")
        try signed.rewriteBundles(entries)
        Self.expectProblem(signed.verifyTrustingLogKey(), mentioning: "ledger entry 7", "entry 7 not JSON")
    }

    @Test func aRemovedEntryIsNamed() throws {
        let signed = try SignedLedger(size: 300, commitsAt: [100])
        var entries = signed.entries
        entries.remove(at: 5)
        // Keep the count: the attacker pads with a copy of the last entry.
        entries.append(entries.last!)
        try signed.rewriteBundles(entries)
        Self.expectProblem(signed.verifyTrustingLogKey(), mentioning: "ledger entry 5", "entry 5 removed")

        // Removed without padding: the bundle no longer holds what the checkpoint needs.
        let short = try SignedLedger(size: 50)
        var fewer = short.entries
        fewer.remove(at: 5)
        try UnitFiles.write(short.ledger.path("tile/entries/000.p/50"), try EntryBundle.encode(fewer))
        #expect(!short.verifyTrustingLogKey().problems.isEmpty)
    }

    @Test func swappedEntriesAreNamed() throws {
        let signed = try SignedLedger(size: 300, commitsAt: [100])
        var entries = signed.entries
        entries.swapAt(3, 4)
        try signed.rewriteBundles(entries)
        let result = signed.verifyTrustingLogKey()
        Self.expectProblem(result, mentioning: "ledger entry 3", "entries 3 and 4 swapped")
        #expect(result.problems.contains { $0.contains("sequence number") })
    }

    @Test func aCheckpointResignedByAnotherKeyIsReported() throws {
        let signed = try SignedLedger(size: 30)
        let checkpoint = try signed.ledger.newestCheckpoint()
        let forger = try NoteSigner(name: UnitLedger.origin, key: try Ed25519.PrivateKey.generate())
        let forged = try SignedCheckpoint.sign(checkpoint, signer: forger)
        try UnitFiles.write(signed.ledger.store.checkpointPath, forged)
        // Against the trusted key, and against the key the first entry announces.
        Self.expectProblem(signed.verifyTrustingLogKey(), mentioning: "ledger/checkpoint", "forged checkpoint")
        Self.expectProblem(signed.verify(trusting: nil), mentioning: "ledger/checkpoint", "forged checkpoint, key from entry 0")
        // The archived copy forged too.
        try UnitFiles.write(signed.ledger.store.checkpointArchivePath(size: 30), forged)
        Self.expectProblem(signed.verifyTrustingLogKey(), mentioning: "ledger/checkpoints/30", "forged archive")
    }

    @Test func aForgedLogWithItsOwnKeyFailsAgainstTheTrustedKey() throws {
        // Someone rebuilds the whole ledger with a key of their own: self-consistent, but not ours.
        let genuine = try SignedLedger(size: 20)
        let forged = try SignedLedger(size: 20)
        let result = LedgerVerifier(store: forged.ledger.store, origin: UnitLedger.origin).run(trustedLogKey: genuine.ledger.verifier)
        Self.expectProblem(result, mentioning: "ledger/checkpoint", "log signed by another key")
    }

    @Test func aRolledBackCheckpointIsReported() throws {
        let signed = try SignedLedger(size: 120, commitsAt: [50])
        let older = try signed.ledger.store.readArchivedCheckpoint(size: 50)
        try UnitFiles.write(signed.ledger.store.checkpointPath, older)
        Self.expectProblem(signed.verifyTrustingLogKey(), mentioning: "rolled back", "checkpoint rolled back to 50")
    }

    @Test func timeGoingBackwardsIsNamed() throws {
        let signed = try SignedLedger(size: 20) { seq, entry in
            if seq == 10 { entry.time = Timestamp(milliseconds: entry.time.milliseconds - 60_000) }
            return nil
        }
        let result = signed.verifyTrustingLogKey()
        Self.expectProblem(result, mentioning: "ledger entry 10", "entry 10 recorded before entry 9")
        #expect(result.problems.count == 1, "\(result.problems)")
    }

    @Test func entriesSignedByTheWrongKeyAreNamed() throws {
        let stranger = try Ed25519.PrivateKey.generate()
        let wrongKey = try SignedLedger(size: 20) { seq, _ in seq == 12 ? stranger : nil }
        Self.expectProblem(wrongKey.verifyTrustingLogKey(), mentioning: "ledger entry 12", "entry 12 signed by a stranger")

        // The log key may sign only repository.created.
        let logSigned = try SignedLedger(size: 20) { seq, entry in
            if seq == 13 { entry.signer = LedgerEntry.logSigner }
            return nil
        }
        Self.expectProblem(logSigned.verifyTrustingLogKey(), mentioning: "ledger entry 13", "entry 13 signed by the log key")

        // A signer who is not the actor.
        let otherUser = "usr_01ARYZ6S41TSV4RRFFQ69G5FAW"
        let impostor = try SignedLedger(size: 20) { seq, entry in
            if seq == 14 { entry.signer = otherUser }
            return nil
        }
        Self.expectProblem(impostor.verifyTrustingLogKey(), mentioning: "ledger entry 14", "entry 14 signed by another user")

        // A user who was never registered.
        let unregistered = try SignedLedger(size: 20) { seq, entry in
            if seq == 15 { entry.actor = otherUser; entry.signer = otherUser }
            return nil
        }
        Self.expectProblem(unregistered.verifyTrustingLogKey(), mentioning: "ledger entry 15", "entry 15 by an unregistered user")

        // A wrong sequence number inside an otherwise valid, signed entry.
        let renumbered = try SignedLedger(size: 20) { seq, entry in
            if seq == 16 { entry.seq = 17 }
            return nil
        }
        Self.expectProblem(renumbered.verifyTrustingLogKey(), mentioning: "ledger entry 16", "entry 16 carries seq 17")
    }

    @Test func aChangedHashTileIsReported() throws {
        let signed = try SignedLedger(size: 300)
        let path = signed.ledger.path("tile/0/000")
        try UnitFiles.write(path, try UnitFiles.read(path).unitFlipping(at: 32 * 9))
        Self.expectProblem(signed.verifyTrustingLogKey(), mentioning: "ledger entry 9", "tile/0/000 hash 9 changed")
    }

    @Test func aMissingArchiveCopyIsOnlyANote() throws {
        let signed = try SignedLedger(size: 12, commitsAt: [5])
        try FileManager.default.removeItem(atPath: signed.ledger.store.checkpointArchivePath(size: 12))
        let result = signed.verifyTrustingLogKey()
        #expect(result.problems == [])
        #expect(result.notes.contains { $0.contains("checkpoints/12") })
    }

    @Test func aMissingCheckpointIsReported() throws {
        let signed = try SignedLedger(size: 5)
        try FileManager.default.removeItem(atPath: signed.ledger.store.checkpointPath)
        #expect(!signed.verifyTrustingLogKey().problems.isEmpty)
    }

    // MARK: LedgerEntry encoding

    static func sampleEntry() throws -> (LedgerEntry, Ed25519.PrivateKey) {
        let key = try Ed25519.PrivateKey.generate()
        var entry = LedgerEntry(
            seq: 42, time: Timestamp(milliseconds: 1_773_454_427_120), type: EventType.itemAdded, actor: userID,
            caseID: caseID, itemID: itemID,
            object: .init(name: String(repeating: "ab", count: 32), ciphertextSHA256: [UInt8](repeating: 7, count: 32),
                          ciphertextSize: 12_345),
            commitment: [UInt8](repeating: 9, count: 32), tool: "evidence/0.1.0",
            publicPart: ["count": 3, "names": ["a", "b"]], audit: [1, 2, 3], sealed: [4, 5, 6, 7], signer: userID)
        entry.signature = try key.sign(entry.signingBytes())
        return (entry, key)
    }

    @Test func entryRoundTrip() throws {
        let (entry, key) = try Self.sampleEntry()
        let bytes = entry.encoded()
        let decoded = try LedgerEntry.decode(bytes, index: 42)
        #expect(decoded == entry)
        #expect(decoded.encoded() == bytes)
        #expect(Ed25519.isValid(signature: decoded.signature, message: decoded.signingBytes(), publicKey: key.publicKey))
        #expect(try JSONParser.parseCanonical(bytes) == entry.json())
        // The signed bytes are the context and the entry without its signature.
        #expect(entry.signingBytes() == Array("evidence/v1/ledger-entry\n".utf8) + CanonicalJSON.encode(entry.json(includingSignature: false)))
        #expect(entry.json(includingSignature: false)["signature"] == nil)

        // A minimal entry: optional members absent.
        var minimal = LedgerEntry(seq: 0, time: Timestamp(milliseconds: 0), type: "x.y", actor: Self.userID, tool: "t",
                                  signer: LedgerEntry.logSigner)
        minimal.signature = [UInt8](repeating: 1, count: 64)
        let minimalBytes = minimal.encoded()
        #expect(try LedgerEntry.decode(minimalBytes, index: 0) == minimal)
        #expect(String(decoding: minimalBytes, as: UTF8.self)
            == #"{"@evidence":"ledger-entry","@version":1,"actor":"\#(Self.userID)","seq":0,"signature":"\#(Base64.encode(minimal.signature))","signer":"log","time":"1970-01-01T00:00:00.000Z","tool":"t","type":"x.y"}"#)
    }

    /// Re-encodes the entry's JSON after `edit` (canonically), and expects decoding to fail.
    static func expectRefused(_ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                              _ edit: (inout [String: JSONValue]) -> Void) throws {
        let (entry, _) = try sampleEntry()
        var members = try #require(entry.json().objectValue)
        edit(&members)
        let bytes = CanonicalJSON.encode(.object(members))
        #expect(throws: FormatError.self, "\(what)", sourceLocation: sourceLocation) {
            try LedgerEntry.decode(bytes, index: 42)
        }
    }

    @Test func strictDecoding() throws {
        try Self.expectRefused("unknown member") { $0["extra"] = 1 }
        try Self.expectRefused("unknown @ member") { $0["@extra"] = "x" }
        try Self.expectRefused("wrong magic") { $0["@evidence"] = "ledger-entri" }
        try Self.expectRefused("no magic") { $0["@evidence"] = nil }
        try Self.expectRefused("version 2") { $0["@version"] = 2 }
        try Self.expectRefused("negative seq") { $0["seq"] = -1 }
        try Self.expectRefused("seq as string") { $0["seq"] = "42" }
        try Self.expectRefused("actor not a user id") { $0["actor"] = "usr_bad" }
        try Self.expectRefused("actor with another prefix") { $0["actor"] = .string(Self.caseID) }
        try Self.expectRefused("lowercase actor") { $0["actor"] = .string(Self.userID.lowercased()) }
        try Self.expectRefused("case with item prefix") { $0["case"] = .string(Self.itemID) }
        try Self.expectRefused("item with case prefix") { $0["item"] = .string(Self.caseID) }
        try Self.expectRefused("signer neither log nor user") { $0["signer"] = "root" }
        try Self.expectRefused("signer a case id") { $0["signer"] = .string(Self.caseID) }
        try Self.expectRefused("short signature") { $0["signature"] = .string(Base64.encode([UInt8](repeating: 1, count: 63))) }
        try Self.expectRefused("long signature") { $0["signature"] = .string(Base64.encode([UInt8](repeating: 1, count: 65))) }
        try Self.expectRefused("signature not base64") { $0["signature"] = "!!" }
        try Self.expectRefused("no signature") { $0["signature"] = nil }
        try Self.expectRefused("time not canonical") { $0["time"] = "2026-03-14T02:13:47Z" }
        try Self.expectRefused("time impossible") { $0["time"] = "2026-02-30T02:13:47.000Z" }
        try Self.expectRefused("no type") { $0["type"] = nil }
        try Self.expectRefused("no tool") { $0["tool"] = nil }
        try Self.expectRefused("commitment uppercase") { $0["commitment"] = .string(String(repeating: "AB", count: 32)) }
        try Self.expectRefused("commitment short") { $0["commitment"] = .string(String(repeating: "ab", count: 31)) }
        try Self.expectRefused("object name short") {
            $0["object"] = ["name": .string(String(repeating: "ab", count: 31)), "ciphertextSha256": .string(String(repeating: "07", count: 32)), "size": 1]
        }
        try Self.expectRefused("object digest uppercase") {
            $0["object"] = ["name": .string(String(repeating: "ab", count: 32)), "ciphertextSha256": .string(String(repeating: "0A", count: 32)), "size": 1]
        }
        try Self.expectRefused("object size negative") {
            $0["object"] = ["name": .string(String(repeating: "ab", count: 32)), "ciphertextSha256": .string(String(repeating: "07", count: 32)), "size": -1]
        }
        try Self.expectRefused("audit not base64") { $0["audit"] = "a b" }
        try Self.expectRefused("public not an object") { $0["public"] = [1] }
    }

    @Test func nonCanonicalBytesAreRefused() throws {
        let (entry, _) = try Self.sampleEntry()
        let bytes = entry.encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        let variants: [[UInt8]] = [
            bytes + [0x0A],
            [0x20] + bytes,
            Array(text.replacingOccurrences(of: ",", with: ", ").utf8),
            Array(text.replacingOccurrences(of: "\"@evidence\":\"ledger-entry\",", with: "").dropLast().utf8)
                + Array(",\"@evidence\":\"ledger-entry\"}".utf8),  // members out of order
            Array(text.replacingOccurrences(of: "ledger-entry", with: "ledger\\u002dentry").utf8),
        ]
        for variant in variants {
            #expect(throws: FormatError.self, "\(String(decoding: variant, as: UTF8.self))") {
                try LedgerEntry.decode(variant, index: 42)
            }
        }
        #expect(throws: FormatError.self) { try LedgerEntry.decode([UInt8](repeating: 0x20, count: 65_536), index: 0) }
        #expect(throws: FormatError.self) { try LedgerEntry.decode([], index: 0) }
    }

    /// Every accepted byte string is the one encoding of the decoded entry: otherwise two
    /// different leaves would carry the same signed entry (signature malleability).
    @Test func decodingAcceptsOnlyTheEntrysOwnEncoding() throws {
        let (entry, _) = try Self.sampleEntry()
        var members = try #require(entry.json().objectValue)
        for name in ["case", "item", "object", "commitment", "public", "audit", "sealed"] {
            var withNull = members
            withNull[name] = .null
            let bytes = CanonicalJSON.encode(.object(withNull))
            if let decoded = try? LedgerEntry.decode(bytes, index: 42) {
                let same = decoded.encoded() == bytes
                #expect(same, "\"\(name)\":null is accepted, and the entry re-encodes without it")
            }
        }
        members["seq"] = 42
        #expect(try LedgerEntry.decode(CanonicalJSON.encode(.object(members)), index: 42).encoded() == entry.encoded())
    }
}
