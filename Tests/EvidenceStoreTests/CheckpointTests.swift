import Testing
@testable import EvidenceStore

/// Checkpoints as our ledger makes them: strict bodies, signed by the log key.
struct CheckpointTests {
    let origin = "police.example/evidence/6f1c2a"
    let root = (0..<32).map { UInt8($0 * 7 & 0xFF) }

    @Test(arguments: [UInt64(0), 1, 20_852_163, UInt64.max])
    func signOpenRoundTrip(size: UInt64) throws {
        let signer = try NoteTestSigners.make(origin)
        let checkpoint = Checkpoint(origin: origin, size: size, rootHash: root)
        let bytes = try SignedCheckpoint.sign(checkpoint, signer: signer)
        let opened = try SignedCheckpoint.open(bytes, verifier: signer.verifierKey)
        #expect(opened.checkpoint == checkpoint)
        #expect(opened.note.text == checkpoint.body)
        #expect(opened.note.encoded == bytes)
        #expect(opened.verification.verified == [signer.verifierKey])
        #expect(try Checkpoint(parsingBody: checkpoint.body) == checkpoint)
    }

    @Test func extensionLinesRoundTrip() throws {
        let signer = try NoteTestSigners.make(origin)
        let checkpoint = Checkpoint(origin: origin, size: 5, rootHash: root, extensions: ["— not a signature", "x y"])
        #expect(checkpoint.body.hasSuffix("\n— not a signature\nx y\n"))
        let opened = try SignedCheckpoint.open(try SignedCheckpoint.sign(checkpoint, signer: signer),
                                               verifier: signer.verifierKey)
        #expect(opened.checkpoint == checkpoint)
    }

    @Test func otherKeyWithTheSameNameIsRejected() throws {
        let log = try NoteTestSigners.make(origin)
        let impostor = try NoteTestSigners.make(origin, seedLabel: "impostor")
        let bytes = try SignedCheckpoint.sign(Checkpoint(origin: origin, size: 9, rootHash: root), signer: impostor)
        #expect(throws: NoteError.noVerifiableSignatures) {
            try SignedCheckpoint.open(bytes, verifier: log.verifierKey)
        }
    }

    @Test func tamperedCheckpointIsRejected() throws {
        let log = try NoteTestSigners.make(origin)
        let bytes = try SignedCheckpoint.sign(Checkpoint(origin: origin, size: 9, rootHash: root), signer: log)
        let tampered = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n9\n", with: "\n8\n").utf8)
        #expect(tampered != bytes)
        #expect(throws: NoteError.invalidSignature(name: log.name, keyID: log.keyID)) {
            try SignedCheckpoint.open(tampered, verifier: log.verifierKey)
        }
    }

    @Test func keyNameMustBeTheOrigin() throws {
        let other = try NoteTestSigners.make("police.example/evidence/other")
        let checkpoint = Checkpoint(origin: origin, size: 1, rootHash: root)
        #expect(throws: CheckpointError.originMismatch(origin: origin, keyName: other.name)) {
            try SignedCheckpoint.sign(checkpoint, signer: other)
        }
        // A validly signed note whose key name is not the origin: another log's checkpoint.
        let bytes = try SignedNote.sign(text: checkpoint.body, signers: [other])
        #expect(throws: CheckpointError.originMismatch(origin: origin, keyName: other.name)) {
            try SignedCheckpoint.open(bytes, verifier: other.verifierKey)
        }
    }

    /// Witnesses add cosignatures (type 0x04); opening still works and reports them.
    @Test func cosignedCheckpointOpens() throws {
        let log = try NoteTestSigners.make(origin)
        let witness = try NoteVerifierKey(name: "witness.example/w1", type: NoteVerifierKey.cosignatureEd25519,
                                          publicKey: try NoteTestSigners.make("w1").key.publicKey)
        let note = try SignedNote.parse(try SignedCheckpoint.sign(Checkpoint(origin: origin, size: 3, rootHash: root), signer: log))
        let cosignature = NoteSignature(name: witness.name, keyID: witness.keyID, signature: [UInt8](repeating: 7, count: 72))
        let cosigned = SignedNote(text: note.text, signatures: note.signatures + [cosignature]).encoded
        let opened = try SignedCheckpoint.open(cosigned, verifier: log.verifierKey)
        #expect(opened.verification.unverified == [cosignature])
    }

    @Test func invalidCheckpointsAreNotSigned() throws {
        let signer = try NoteTestSigners.make(origin)
        let bad = [
            Checkpoint(origin: origin, size: 1, rootHash: Array(root.dropLast())),
            Checkpoint(origin: origin, size: 1, rootHash: root, extensions: [""]),
            Checkpoint(origin: origin, size: 1, rootHash: root, extensions: ["two\nlines"]),
            Checkpoint(origin: origin, size: 1, rootHash: root, extensions: ["tab\there"]),
        ]
        for checkpoint in bad {
            #expect(throws: CheckpointError.self) { try SignedCheckpoint.sign(checkpoint, signer: signer) }
        }
        let newlineOrigin = try NoteTestSigners.make("a")
        #expect(throws: CheckpointError.self) {
            try SignedCheckpoint.sign(Checkpoint(origin: "a\n5", size: 1, rootHash: root), signer: newlineOrigin)
        }
    }

    @Test func strictBodyParsing() throws {
        let hash = NoteFormat.encodeBase64(root)
        #expect(try Checkpoint(parsingBody: "o\n0\n\(hash)\n").size == 0)
        #expect(try Checkpoint(parsingBody: "o\n18446744073709551615\n\(hash)\n").size == UInt64.max)
        let cases: [(String, String)] = [
            ("leading zero", "o\n01\n\(hash)\n"),
            ("plus sign", "o\n+1\n\(hash)\n"),
            ("minus zero", "o\n-0\n\(hash)\n"),
            ("space", "o\n 1\n\(hash)\n"),
            ("overflow", "o\n18446744073709551616\n\(hash)\n"),
            ("empty size", "o\n\n\(hash)\n"),
            ("31-byte root", "o\n1\n\(NoteFormat.encodeBase64(Array(root.dropLast())))\n"),
            ("33-byte root", "o\n1\n\(NoteFormat.encodeBase64(root + [0]))\n"),
            ("unpadded root", "o\n1\n\(hash.replacingOccurrences(of: "=", with: ""))\n"),
            ("empty origin", "\n1\n\(hash)\n"),
            ("empty extension", "o\n1\n\(hash)\n\n"),
            ("no final newline", "o\n1\n\(hash)"),
            ("two lines", "o\n1\n"),
            ("carriage return", "o\r\n1\n\(hash)\n"),
        ]
        for (label, body) in cases {
            #expect(throws: CheckpointError.self, "\(label)") { try Checkpoint(parsingBody: body) }
        }
    }
}
