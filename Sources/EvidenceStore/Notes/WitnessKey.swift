/// A witness's Ed25519 cosigning key (c2sp.org/tlog-cosignature, type 0x04).
///
/// Its private key file holds one line, `PRIVATE+KEY+<name>+<hex key ID>+base64(0x04 ‖ seed)`
/// (the form golang.org/x/mod/sumdb/note uses for signer keys, with the cosignature type
/// byte); its public key is the vkey `<name>+<hex key ID>+base64(0x04 ‖ public key)`.
public struct WitnessKey: Sendable {
    public let name: String
    let privateKey: Ed25519.PrivateKey
    public let verifierKey: NoteVerifierKey

    public init(name: String, privateKey: Ed25519.PrivateKey) throws {
        self.name = name
        self.privateKey = privateKey
        verifierKey = try NoteVerifierKey(name: name, type: NoteVerifierKey.cosignatureEd25519, publicKey: privateKey.publicKey)
    }

    public static func generate(name: String) throws -> WitnessKey {
        try WitnessKey(name: name, privateKey: .generate())
    }

    public init(parsing text: String) throws {
        let parsed = try NoteSigner.parsePrivateKey(text, type: NoteVerifierKey.cosignatureEd25519)
        try self.init(name: parsed.name, privateKey: parsed.key)
        guard verifierKey.keyID == parsed.keyID else { throw NoteError.malformedSignerKey("the key ID does not match the key") }
    }

    /// The private key file's line (a secret: written with mode 0600, never logged).
    public var privateKeyText: SecretBytes {
        let material = privateKey.seed.withUnsafeBytes { [NoteVerifierKey.cosignatureEd25519] + Array($0) }
        return SecretBytes(Array("PRIVATE+KEY+\(name)+\(NoteFormat.hex(verifierKey.keyID))+\(NoteFormat.encodeBase64(material))\n".utf8))
    }
}
