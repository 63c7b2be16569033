import Foundation
import Testing
@testable import EvidenceStore

/// Signed-note behaviour beyond the shared vectors, with deterministic local keys.
struct SignedNoteTests {
    let text = "Exhibit JB/1 sealed in bag 0042.\n\nSeized at 10:42 by PC 1234.\n"

    @Test func signParseVerifyRoundTrip() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let bytes = try SignedNote.sign(text: text, signers: [signer])
        let note = try SignedNote.parse(bytes)
        #expect(note.text == text)
        #expect(note.encoded == bytes)
        let result = try note.verify(with: [signer.verifierKey])
        #expect(result.verified == [signer.verifierKey])
        #expect(result.unverified.isEmpty && result.unsupported.isEmpty)
    }

    /// The spec requires accepting at least 16 signatures; we accept up to 100.
    @Test(arguments: [16, 20, 100])
    func manySignaturesAreAccepted(count: Int) throws {
        let signers = try (0..<count).map { try NoteTestSigners.make("witness.example/w\($0)") }
        let note = try SignedNote.parse(try SignedNote.sign(text: text, signers: signers))
        #expect(note.signatures.count == count)
        let result = try note.verify(with: signers.map(\.verifierKey))
        #expect(result.verified.count == count)
        // With only one key known, the others are ignored, not fatal.
        let partial = try note.verify(with: [signers[count - 1].verifierKey])
        #expect(partial.verified == [signers[count - 1].verifierKey])
        #expect(partial.unverified.count == count - 1)
    }

    @Test func moreThanTheLimitIsMalformed() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let line = try signer.signatureLine(for: text)
        let bytes = Array((text + "\n" + String(repeating: line + "\n", count: 101)).utf8)
        #expect(throws: NoteError.self) { try SignedNote.parse(bytes) }
        let signers = [NoteSigner](repeating: signer, count: 101)
        #expect(throws: NoteError.self) { try SignedNote.sign(text: text, signers: signers) }
    }

    @Test func corruptedSignatureFromKnownKeyRejectsTheNote() throws {
        let log = try NoteTestSigners.make("police.example/log")
        let witness = try NoteTestSigners.make("witness.example/w1")
        let note = try SignedNote.parse(try SignedNote.sign(text: text, signers: [log, witness]))
        var bad = note.signatures[1].signature
        bad[10] ^= 0x01
        let corrupted = SignedNote(text: note.text, signatures: [note.signatures[0],
            NoteSignature(name: witness.name, keyID: witness.keyID, signature: bad)])
        let reparsed = try SignedNote.parse(corrupted.encoded)
        // The other signature verifies, but one known key's failure rejects the whole note.
        #expect(throws: NoteError.invalidSignature(name: witness.name, keyID: witness.keyID)) {
            try reparsed.verify(with: [log.verifierKey, witness.verifierKey])
        }
        // Unknown to this verifier, the corrupted signature is merely ignored.
        #expect(try reparsed.verify(with: [log.verifierKey]).verified == [log.verifierKey])
    }

    @Test func alteredTextIsRejected() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let note = try SignedNote.parse(try SignedNote.sign(text: text, signers: [signer]))
        let altered = SignedNote(text: text.replacingOccurrences(of: "0042", with: "0043"), signatures: note.signatures)
        #expect(throws: NoteError.invalidSignature(name: signer.name, keyID: signer.keyID)) {
            try altered.verify(with: [signer.verifierKey])
        }
    }

    /// A bad repeat of a good signature still rejects the note (golang.org/x/mod would skip it).
    @Test func badRepeatOfAGoodSignatureRejects() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let good = try signer.signature(for: text)
        var forged = good.signature
        forged[0] ^= 0x80
        let note = SignedNote(text: text, signatures: [good, NoteSignature(name: good.name, keyID: good.keyID, signature: forged)])
        #expect(throws: NoteError.invalidSignature(name: signer.name, keyID: signer.keyID)) {
            try note.verify(with: [signer.verifierKey])
        }
        let repeated = SignedNote(text: text, signatures: [good, good])
        #expect(try repeated.verify(with: [signer.verifierKey]).verified == [signer.verifierKey])
    }

    @Test func sameNameOtherKeyIsUnknownAndIgnored() throws {
        let real = try NoteTestSigners.make("police.example/log")
        let impostor = try NoteTestSigners.make("police.example/log", seedLabel: "impostor")
        #expect(real.keyID != impostor.keyID)
        let note = try SignedNote.parse(try SignedNote.sign(text: text, signers: [impostor]))
        #expect(throws: NoteError.noVerifiableSignatures) { try note.verify(with: [real.verifierKey]) }
        #expect(try note.checkSignatures(with: [real.verifierKey]).unverified == note.signatures)
    }

    /// A signature claiming a known key's name and ID, made by another key, must fail.
    @Test func forgedKeyIDFailsVerification() throws {
        let real = try NoteTestSigners.make("police.example/log")
        let impostor = try NoteTestSigners.make("police.example/log", seedLabel: "impostor")
        let forged = NoteSignature(name: real.name, keyID: real.keyID, signature: try impostor.key.sign(Array(text.utf8)))
        let note = try SignedNote.parse(SignedNote(text: text, signatures: [forged]).encoded)
        #expect(throws: NoteError.invalidSignature(name: real.name, keyID: real.keyID)) {
            try note.verify(with: [real.verifierKey])
        }
    }

    /// A configured witness key (type 0x04) is known but not checked here: reported, not fatal.
    @Test func knownCosignatureKeyIsReportedUnverified() throws {
        let log = try NoteTestSigners.make("police.example/log")
        let witnessKey = try NoteTestSigners.make("witness.example/w1").key
        let witness = try NoteVerifierKey(name: "witness.example/w1", type: NoteVerifierKey.cosignatureEd25519,
                                          publicKey: witnessKey.publicKey)
        #expect(witness.keyID != (try NoteTestSigners.make("witness.example/w1").keyID), "the type byte separates key IDs")
        let cosignature = NoteSignature(name: witness.name, keyID: witness.keyID,
                                        signature: [UInt8](repeating: 0, count: 8) + (try witnessKey.sign(Array(text.utf8))))
        let note = try SignedNote.parse(SignedNote(text: text, signatures: [try log.signature(for: text), cosignature]).encoded)
        let result = try note.verify(with: [log.verifierKey, witness])
        #expect(result.verified == [log.verifierKey])
        #expect(result.unverified == [cosignature])
        #expect(result.unsupported == [witness])
        #expect(try NoteVerifierKey(parsing: witness.encoded) == witness)
    }

    @Test func ambiguousVerifiersAreRefused() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let note = try SignedNote.parse(try SignedNote.sign(text: text, signers: [signer]))
        #expect(throws: NoteError.ambiguousKey(name: signer.name, keyID: signer.keyID)) {
            try note.verify(with: [signer.verifierKey, signer.verifierKey])
        }
    }

    @Test func malformedNotesAreRefused() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let line = try signer.signatureLine(for: text)
        let encoded = String(line.split(separator: " ").last ?? "")
        let body = text + "\n"
        let cases: [(String, String)] = [
            ("no blank line", text + line + "\n"),
            ("no signatures", body),
            ("no final newline", body + line),
            ("blank line after signatures", body + line + "\n\n"),
            ("hyphen instead of em dash", body + "- \(signer.name) \(encoded)\n"),
            ("two spaces", body + "\u{2014}  \(signer.name) \(encoded)\n"),
            ("plus in name", body + "\u{2014} a+b \(encoded)\n"),
            ("no-break space in name", body + "\u{2014} a\u{00A0}b \(encoded)\n"),
            ("ideographic space in name", body + "\u{2014} a\u{3000}b \(encoded)\n"),
            ("missing padding", body + "\u{2014} \(signer.name) \(encoded.replacingOccurrences(of: "=", with: ""))\n"),
            ("space in base64", body + "\u{2014} \(signer.name) \(encoded.prefix(8)) \(encoded.dropFirst(8))\n"),
            ("only a key ID", body + "\u{2014} \(signer.name) AAAAAA==\n"),
            ("empty signature", body + "\u{2014} \(signer.name) \n"),
            ("carriage return", body.replacingOccurrences(of: "\n\n", with: "\r\n\n") + line + "\n"),
            ("tab in text", "\t" + body + line + "\n"),
            ("NUL in text", "\u{0}" + body + line + "\n"),
        ]
        for (label, note) in cases {
            #expect(throws: NoteError.self, "\(label)") { try SignedNote.parse(Array(note.utf8)) }
        }
    }

    /// Base64 with non-zero unused bits decodes to the same bytes in lax decoders; we
    /// accept only the canonical spelling, so each signature has exactly one encoding.
    @Test func nonCanonicalBase64IsRefused() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let signature = try signer.signature(for: text)
        let line = signature.line
        // 68 bytes end in one "=": the last character carries 4 data bits and 2 unused ones.
        let last = try #require(line.dropLast().last)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let value = try #require(alphabet.firstIndex(of: last))
        #expect(value & 0x03 == 0, "canonical: unused bits are zero")
        let tweaked = String(line.dropLast(2)) + String(alphabet[value | 0x01]) + "="
        #expect(throws: NoteError.self) { try SignedNote.parse(Array((text + "\n" + tweaked + "\n").utf8)) }
    }

    @Test func oversizedNoteIsRefused() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let big = String(repeating: "a", count: SignedNote.maxSize) + "\n"
        #expect(throws: NoteError.self) { try SignedNote.sign(text: big, signers: [signer]) }
        let bytes = Array((big + "\n" + (try signer.signatureLine(for: big)) + "\n").utf8)
        #expect(throws: NoteError.self) { try SignedNote.parse(bytes) }
    }

    @Test func invalidUTF8IsRefused() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        let good = Array((text + "\n" + (try signer.signatureLine(for: text)) + "\n").utf8)
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x80]] {
            #expect(throws: NoteError.self) { try SignedNote.parse(bad + good) }
        }
    }

    @Test func signingRefusesBadText() throws {
        let signer = try NoteTestSigners.make("police.example/log")
        #expect(throws: NoteError.self) { try SignedNote.sign(text: "no newline", signers: [signer]) }
        #expect(throws: NoteError.self) { try SignedNote.sign(text: "bell\u{7}\n", signers: [signer]) }
        #expect(throws: NoteError.self) { try SignedNote.sign(text: "\r\n", signers: [signer]) }
        #expect(throws: NoteError.self) { try SignedNote.sign(text: text, signers: []) }
    }

    @Test func signerNamesAreChecked() throws {
        let key = try NoteTestSigners.make("x").key
        for name in ["", "a b", "a+b", "a\tb", "a\u{2028}b"] {
            #expect(throws: NoteError.invalidKeyName(name)) { try NoteSigner(name: name, key: key) }
        }
    }
}
