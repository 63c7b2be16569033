import Testing
@testable import EvidenceStore

/// Verifier and signer key strings: one spelling per key, checked against the key.
struct SignedNoteKeyTests {
    @Test func verifierKeyRoundTrips() throws {
        let signer = try NoteTestSigners.make("police.example/evidence/0f3a")
        let vkey = signer.verifierKey
        #expect(vkey.type == NoteVerifierKey.ed25519)
        #expect(vkey.publicKey == signer.key.publicKey)
        #expect(try NoteVerifierKey(parsing: vkey.encoded) == vkey)
        #expect(vkey.identity == "police.example/evidence/0f3a+" + NoteFormat.hex(vkey.keyID))
    }

    /// Key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4], big-endian.
    @Test func keyIDFollowsTheSpec() throws {
        let signer = try NoteTestSigners.make("a.example/k")
        let digest = try SHA256.hash(Array("a.example/k\n".utf8) + [0x01] + signer.key.publicKey)
        let expected = UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
        #expect(signer.keyID == expected)
    }

    @Test func malformedVerifierKeysAreRefused() throws {
        let good = try NoteTestSigners.make("a.example/k").verifierKey
        let hex = NoteFormat.hex(good.keyID)
        let b64 = NoteFormat.encodeBase64([0x01] + good.publicKey)
        let otherID = NoteFormat.hex(good.keyID ^ 1)
        let cases: [(String, String)] = [
            ("two parts", "\(good.name)+\(hex)"),
            ("empty name", "+\(hex)+\(b64)"),
            ("space in name", "a example/k+\(hex)+\(b64)"),
            ("upper-case hex", "\(good.name)+\(hex.uppercased())+\(b64)"),
            ("short hex", "\(good.name)+\(hex.dropFirst())+\(b64)"),
            ("signed hex", "\(good.name)++\(hex.dropFirst())+\(b64)"),
            ("wrong key ID", "\(good.name)+\(otherID)+\(b64)"),
            ("extra padding", "\(good.name)+\(hex)+\(b64)=="),
            ("space before base64", "\(good.name)+\(hex)+ \(b64)"),
            ("31-byte key", "\(good.name)+\(hex)+\(NoteFormat.encodeBase64([0x01] + good.publicKey.dropLast()))"),
            ("33-byte key", "\(good.name)+\(hex)+\(NoteFormat.encodeBase64([0x01] + good.publicKey + [0]))"),
            ("unassigned type", "\(good.name)+\(hex)+\(NoteFormat.encodeBase64([0x03] + good.publicKey))"),
            ("empty key", "\(good.name)+\(hex)+"),
            ("trailing newline", good.encoded + "\n"),
        ]
        for (label, vkey) in cases {
            #expect(throws: NoteError.self, "\(label)") { try NoteVerifierKey(parsing: vkey) }
        }
    }

    @Test func signerKeyStringIsChecked() throws {
        // golang.org/x/mod's example key (public test material, also in the shared vectors).
        let skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
        let signer = try NoteSigner(parsingPrivateKey: skey)
        #expect(signer.verifierKey.encoded == "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        let bad = [
            skey.replacingOccurrences(of: "c74f20a3", with: "c74f20a4"),
            skey.replacingOccurrences(of: "PRIVATE+KEY", with: "PUBLIC+KEY"),
            skey.replacingOccurrences(of: "+AYEK", with: "+AoEK"),
            String(skey.dropLast(4)),
        ]
        for skey in bad {
            #expect(throws: NoteError.self) { try NoteSigner(parsingPrivateKey: skey) }
        }
    }

    /// Errors never echo a signer key's material.
    @Test func signerKeyErrorsDoNotLeakTheKey() throws {
        let secret = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
        do {
            _ = try NoteSigner(parsingPrivateKey: "PRIVATE+KEY+PeterNeumann+00000000+" + secret)
            Issue.record("accepted a wrong key ID")
        } catch {
            #expect(!"\(error)".contains("AYEK"))
        }
    }
}
