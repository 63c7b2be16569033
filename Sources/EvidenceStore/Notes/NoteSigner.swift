/// An Ed25519 note signer: a key name and its private key.
public struct NoteSigner: Sendable {
    public let name: String
    public let key: Ed25519.PrivateKey
    /// The matching public key, for publishing and for verifiers.
    public let verifierKey: NoteVerifierKey

    public init(name: String, key: Ed25519.PrivateKey) throws {
        self.name = name
        self.key = key
        self.verifierKey = try NoteVerifierKey(name: name, ed25519PublicKey: key.publicKey)
    }

    /// Parses the golang.org/x/mod/sumdb/note private key form
    /// `PRIVATE+KEY+name+hex8+base64(0x01 ‖ 32-byte seed)`, used by test vectors.
    /// The key ID is checked against the public key derived from the seed.
    public init(parsingPrivateKey skey: String) throws {
        let parsed = try Self.parsePrivateKey(skey, type: NoteVerifierKey.ed25519)
        try self.init(name: parsed.name, key: parsed.key)
        guard verifierKey.keyID == parsed.keyID else {
            throw NoteError.malformedSignerKey("the key ID does not match the key")
        }
    }

    /// Splits `PRIVATE+KEY+name+hex8+base64(type ‖ 32-byte seed)` for a key of `type`;
    /// the caller checks the key ID against the key it derives.
    static func parsePrivateKey(_ skey: String, type: UInt8) throws -> (name: String, keyID: UInt32, key: Ed25519.PrivateKey) {
        let parts = skey.utf8.split(separator: UInt8(ascii: "+"), maxSplits: 4, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw NoteError.malformedSignerKey("expected PRIVATE+KEY+name+keyid+key")
        }
        guard let claimedID = NoteFormat.parseKeyID(parts[3]) else {
            throw NoteError.malformedSignerKey("the key ID must be eight lowercase hex digits")
        }
        guard var material = NoteFormat.decodeBase64(parts[4]), material.count == 1 + Ed25519.keySize,
              material[0] == type else {
            throw NoteError.malformedSignerKey("the key is not canonical base64 of the type byte and a 32-byte Ed25519 seed")
        }
        let seed = SecretBytes(material.dropFirst())
        // Best effort: wipe this array copy of the seed (the decoder's temporaries are out
        // of reach). Long-lived keys should come from `init(name:key:)` and SecretBytes.
        for index in material.indices { material[index] = 0 }
        return (parts[2], claimedID, try Ed25519.PrivateKey(seed: seed))
    }

    public var keyID: UInt32 { verifierKey.keyID }

    /// Signs `text` (the whole note text, final newline included).
    public func signature(for text: String) throws -> NoteSignature {
        NoteSignature(name: name, keyID: keyID, signature: try key.sign(Array(text.utf8)))
    }

    /// The signature line `— name base64(key ID ‖ signature)`, without its final newline.
    public func signatureLine(for text: String) throws -> String {
        try signature(for: text).line
    }
}
