import Foundation
import Testing
@testable import EvidenceStore

/// Every entry of Tests/Fixtures/vectors/signed-note/signed-note-vectors.json.
@Suite
struct SignedNoteVectorTests {
    let file: SignedNoteVectorFile

    init() throws { file = try SignedNoteVectorFile.load() }

    @Test func everyVerifierKeyParsesAndReencodes() throws {
        for (name, key) in file.keys {
            let parsed = try NoteVerifierKey(parsing: key.vkey)
            #expect(parsed.name == name)
            #expect(parsed.type == NoteVerifierKey.ed25519)
            #expect(parsed.encoded == key.vkey, "\(name) re-encodes exactly")
            // Building the key from its parts computes the same key ID.
            #expect(try NoteVerifierKey(name: name, ed25519PublicKey: parsed.publicKey) == parsed)
        }
    }

    @Test func seedsDeriveTheirVerifierKeys() throws {
        for (name, key) in file.keys {
            if let skey = key.skey {
                #expect(try NoteSigner(parsingPrivateKey: skey).verifierKey.encoded == key.vkey, "\(name)")
            }
            if let seedHex = key.seed_hex {
                let seed = try #require(NoteTestHex.decode(seedHex))
                let signer = try NoteSigner(name: name, key: Ed25519.PrivateKey(seed: SecretBytes(seed)))
                #expect(signer.verifierKey.encoded == key.vkey, "\(name)")
            }
        }
    }

    @Test func validVectors() throws {
        #expect(file.valid.count == 14)
        for entry in file.valid {
            if let text = entry.text, let expected = entry.expected_note {
                try checkDeterministicSigning(entry, text: text, expected: expected)
                continue
            }
            let bytes = try entry.noteBytes()
            let note = try SignedNote.parse(bytes)
            #expect(note.encoded == bytes, "\(entry.id): parse then encode gives the same bytes")
            let verifiers = try file.verifierKeys(entry.verifiers ?? [])
            let result = try note.verify(with: verifiers)
            let expect = try #require(entry.expect)
            #expect(result.verified.map(\.identity) == expect.verified, "\(entry.id)")
            #expect(result.unverified.map(\.identity) == (expect.unverified ?? []), "\(entry.id)")
            if let values = expect.checkpoint {
                let checkpoint = try Checkpoint(parsingBody: note.text)
                #expect(checkpoint.origin == values.origin, "\(entry.id)")
                #expect(checkpoint.size == values.size, "\(entry.id)")
                #expect(NoteFormat.encodeBase64(checkpoint.rootHash) == values.root_hash_b64, "\(entry.id)")
                #expect(checkpoint.body == note.text, "\(entry.id): body re-encodes exactly")
            }
        }
    }

    /// Ed25519 is deterministic, so signing must reproduce golang.org/x/mod's note byte for byte.
    private func checkDeterministicSigning(_ entry: SignedNoteVectorFile.Entry, text: String, expected: String) throws {
        let keyName = try #require(entry.signer_skey)
        let skey = try #require(file.keys[keyName]?.skey)
        let signer = try NoteSigner(parsingPrivateKey: skey)
        let signed = try SignedNote.sign(text: text, signers: [signer])
        #expect(signed == Array(expected.utf8), "\(entry.id)")
        let verifier = try NoteVerifierKey(parsing: try #require(file.keys[keyName]?.vkey))
        #expect(try SignedNote.parse(signed).verify(with: [verifier]).verified == [verifier])
        let line = try signer.signatureLine(for: text)
        #expect(expected.hasSuffix("\n\(line)\n"), "\(entry.id): signatureLine matches")
    }

    @Test func invalidVectors() throws {
        #expect(file.invalid.count == 12)
        for entry in file.invalid {
            let expected = try #require(entry.expect_error)
            let verifiers = try file.verifierKeys(entry.verifiers ?? [])
            let bytes = try entry.noteBytes()
            do {
                let result = try SignedNote.parse(bytes).verify(with: verifiers)
                Issue.record("\(entry.id): accepted, verified \(result.verified.map(\.identity)); expected \(expected)")
            } catch {
                #expect(noteErrorMatches(error, expected), "\(entry.id): got \(error), expected \(expected)")
            }
        }
    }

    @Test func badVerifierKeysAreRejected() throws {
        #expect(!file.bad_vkeys.isEmpty)
        for bad in file.bad_vkeys {
            #expect(throws: NoteError.self, "\(bad.why)") { try NoteVerifierKey(parsing: bad.vkey) }
        }
    }

    @Test func keyLookupErrors() throws {
        #expect(file.key_lookup.count == 2)
        for lookup in file.key_lookup {
            let verifiers = try file.verifierKeys(lookup.verifiers)
            let keyID = try #require(NoteFormat.parseKeyID(lookup.lookup[1]))
            do {
                let key = try NoteVerifierKey.lookup(name: lookup.lookup[0], keyID: keyID, in: verifiers)
                Issue.record("found \(key.identity); expected \(lookup.expect_error)")
            } catch {
                #expect(noteErrorMatches(error, lookup.expect_error), "got \(error)")
            }
        }
    }
}
