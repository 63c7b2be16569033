/// One signature line of a note: `— name base64(key ID ‖ signature)`.
public struct NoteSignature: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let keyID: UInt32
    /// The bytes after the 4-byte key ID (64 for Ed25519; longer for cosignatures).
    public let signature: [UInt8]

    public init(name: String, keyID: UInt32, signature: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// The line without its final newline.
    public var line: String {
        let id = (0..<4).map { UInt8(truncatingIfNeeded: keyID >> (24 - 8 * $0)) }
        return "\u{2014} \(name) \(NoteFormat.encodeBase64(id + signature))"
    }

    /// `name+hex8`, the signing key's identity.
    public var identity: String { NoteFormat.identity(name, keyID) }

    public var description: String { line }

    public static func == (a: NoteSignature, b: NoteSignature) -> Bool {
        NoteFormat.sameBytes(a.name, b.name) && a.keyID == b.keyID && a.signature == b.signature
    }
}

/// What verifying a note against a set of known keys found.
public struct NoteVerification: Sendable, Equatable {
    /// Known Ed25519 keys whose signature verified, once each, in note order.
    public let verified: [NoteVerifierKey]
    /// Signatures not verified, once each, in note order: from unknown keys (ignored, as
    /// the spec requires) or from known keys of a type this code does not check, such
    /// as witness cosignatures (type 0x04).
    public let unverified: [NoteSignature]
    /// The known keys among `unverified`: configured, but of a type not checked here.
    public let unsupported: [NoteVerifierKey]
}
