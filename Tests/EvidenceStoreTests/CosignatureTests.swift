import Foundation
import Testing
@testable import EvidenceStore

/// cosignature/v1 (c2sp.org/tlog-cosignature) with Ed25519, checked against the spec's
/// definitions computed independently here (key ID, signed message, timestamp layout).
@Suite("Notes: witness cosignatures")
struct CosignatureTests {
    private let body = "example.com/log\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"

    private func signedCheckpoint() throws -> (SignedNote, NoteSigner) {
        let log = try NoteSigner(name: "example.com/log", key: try Ed25519.PrivateKey.generate())
        return (try SignedNote.parse(try SignedNote.sign(text: body, signers: [log])), log)
    }

    @Test("key ID, message and timestamped signature follow the spec")
    func specLayout() throws {
        let witness = try WitnessKey.generate(name: "witness.example.com/w1")
        let expectedID = try SHA256.hash(Array("witness.example.com/w1\n".utf8) + [0x04] + witness.verifierKey.publicKey)
            .prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(witness.verifierKey.keyID == expectedID)
        #expect(witness.verifierKey.type == NoteVerifierKey.cosignatureEd25519)

        let (note, _) = try signedCheckpoint()
        let line = try Cosignature.sign(note, witness: witness, timestamp: 1_679_315_147)
        #expect(line.signature.count == 72)
        #expect(Array(line.signature.prefix(8)) == [0, 0, 0, 0, 0x64, 0x18, 0x50, 0xCB])  // 1679315147, u64 BE
        let message = Array("cosignature/v1\ntime 1679315147\n".utf8) + Array(body.utf8)
        #expect(Ed25519.isValid(signature: Array(line.signature.dropFirst(8)), message: message,
                                publicKey: witness.verifierKey.publicKey))
        let cosigned = Cosignature.adding(line, to: note)
        #expect(try Cosignature.verify(cosigned, key: witness.verifierKey) == 1_679_315_147)
    }

    @Test("a cosigned checkpoint still opens with the log key; the log's line is kept first")
    func logSignatureUnaffected() throws {
        let (note, log) = try signedCheckpoint()
        let witness = try WitnessKey.generate(name: "w.example/1")
        let cosigned = Cosignature.adding(try Cosignature.sign(note, witness: witness, timestamp: 1), to: note)
        #expect(cosigned.signatures.first == note.signatures.first)
        let opened = try SignedCheckpoint.open(cosigned.encoded, verifier: log.verifierKey)
        #expect(opened.checkpoint.size == 20_852_163)
        // Signing again replaces the witness's line rather than adding a second one.
        let again = Cosignature.adding(try Cosignature.sign(cosigned, witness: witness, timestamp: 2), to: cosigned)
        #expect(again.signatures.count == 2)
        #expect(try Cosignature.verify(again, key: witness.verifierKey) == 2)
    }

    @Test("absent, altered and wrong-type cosignatures")
    func failures() throws {
        let (note, log) = try signedCheckpoint()
        let witness = try WitnessKey.generate(name: "w.example/1")
        #expect(try Cosignature.verify(note, key: witness.verifierKey) == nil)
        #expect(throws: NoteError.self) { try Cosignature.verify(note, key: log.verifierKey) }
        var line = try Cosignature.sign(note, witness: witness, timestamp: 100)
        // A different time than the one signed.
        var bytes = line.signature
        bytes[7] ^= 0x01
        line = NoteSignature(name: line.name, keyID: line.keyID, signature: bytes)
        #expect(throws: NoteError.self) { try Cosignature.verify(Cosignature.adding(line, to: note), key: witness.verifierKey) }
        // Another checkpoint text.
        let good = try Cosignature.sign(note, witness: witness, timestamp: 100)
        let other = SignedNote(text: body.replacingOccurrences(of: "20852163", with: "20852164"), signatures: [good])
        #expect(throws: NoteError.self) { try Cosignature.verify(other, key: witness.verifierKey) }
    }

    @Test("the witness private key file round-trips and refuses a log key")
    func privateKeyText() throws {
        let witness = try WitnessKey.generate(name: "w.example/1")
        let text = witness.privateKeyText.withUnsafeBytes { String(decoding: Array($0), as: UTF8.self) }
        #expect(text.hasPrefix("PRIVATE+KEY+w.example/1+"))
        let parsed = try WitnessKey(parsing: text.trimmingCharacters(in: .newlines))
        #expect(parsed.verifierKey == witness.verifierKey)
        let logKey = try NoteSigner(name: "w.example/1", key: try Ed25519.PrivateKey.generate())
        let seed = logKey.key.seed.withUnsafeBytes { Array($0) }
        let asLog = "PRIVATE+KEY+w.example/1+\(NoteFormat.hex(logKey.keyID))+\(NoteFormat.encodeBase64([0x01] + seed))"
        #expect(throws: NoteError.self) { try WitnessKey(parsing: asLog) }
    }
}
