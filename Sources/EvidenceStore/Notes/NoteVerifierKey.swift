/// A public key that may verify note signatures, in the C2SP vkey form
/// `name+hex(key ID)+base64(type ‖ public key)`.
///
/// Only Ed25519 (type 0x01) signatures are verified here. Keys of other assigned types
/// (witness cosignatures 0x04, ML-DSA 0x06, ECDSA 0x02, RFC 6962 0x05) can still be
/// configured so that their signatures are recognised and reported as unverified.
public struct NoteVerifierKey: Sendable, Equatable, CustomStringConvertible {
    public static let ed25519: UInt8 = 0x01
    public static let ecdsa: UInt8 = 0x02
    public static let cosignatureEd25519: UInt8 = 0x04
    public static let rfc6962TreeHead: UInt8 = 0x05
    public static let cosignatureMLDSA44: UInt8 = 0x06

    public let name: String
    public let keyID: UInt32
    /// The signature type byte.
    public let type: UInt8
    public let publicKey: [UInt8]

    /// Parses a vkey strictly: a valid name, eight lowercase hex digits equal to the key ID
    /// computed from the key, and canonical base64 of a supported type and key.
    public init(parsing vkey: String) throws {
        let parts = vkey.utf8.split(separator: UInt8(ascii: "+"), maxSplits: 2, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 3 else {
            throw NoteError.malformedVerifierKey("expected name+keyid+key")
        }
        guard NoteFormat.isValidKeyName(parts[0]) else { throw NoteError.invalidKeyName(parts[0]) }
        guard let claimedID = NoteFormat.parseKeyID(parts[1]) else {
            throw NoteError.malformedVerifierKey("the key ID must be eight lowercase hex digits")
        }
        guard let material = NoteFormat.decodeBase64(parts[2]), let type = material.first else {
            throw NoteError.malformedVerifierKey("the key is not canonical base64 of a type byte and a key")
        }
        try self.init(name: parts[0], type: type, publicKey: Array(material.dropFirst()))
        guard keyID == claimedID else {
            throw NoteError.malformedVerifierKey(
                "key ID \(parts[1]) does not match the key (computed \(NoteFormat.hex(keyID)))")
        }
    }

    /// An Ed25519 note-signing key, as a log uses for its checkpoints.
    public init(name: String, ed25519PublicKey: [UInt8]) throws {
        try self.init(name: name, type: Self.ed25519, publicKey: ed25519PublicKey)
    }

    /// A key of any supported type; the key ID is computed as that type's specification says.
    public init(name: String, type: UInt8, publicKey: [UInt8]) throws {
        guard NoteFormat.isValidKeyName(name) else { throw NoteError.invalidKeyName(name) }
        guard let length = Self.keyLength(type) else {
            throw NoteError.malformedVerifierKey("unsupported signature type \(Self.typeName(type))")
        }
        guard length == 0 ? !publicKey.isEmpty : publicKey.count == length else {
            throw NoteError.malformedVerifierKey(
                "a type \(Self.typeName(type)) key must be \(length == 0 ? "non-empty" : "\(length) bytes"), not \(publicKey.count)")
        }
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = try Self.computeKeyID(name: name, type: type, publicKey: publicKey)
    }

    /// `name+hex8+base64(type ‖ key)`.
    public var encoded: String {
        "\(name)+\(NoteFormat.hex(keyID))+\(NoteFormat.encodeBase64([type] + publicKey))"
    }

    /// `name+hex8`, how signatures and errors refer to this key.
    public var identity: String { NoteFormat.identity(name, keyID) }

    public var description: String { encoded }

    public static func == (a: NoteVerifierKey, b: NoteVerifierKey) -> Bool {
        NoteFormat.sameBytes(a.name, b.name) && a.keyID == b.keyID && a.type == b.type && a.publicKey == b.publicKey
    }

    /// The one key in `keys` with this name and ID. Names compare byte for byte: the
    /// spec identifies a key by the pair, and a match on only one of them is another key.
    public static func lookup(name: String, keyID: UInt32, in keys: [NoteVerifierKey]) throws -> NoteVerifierKey {
        let matches = keys.filter { $0.keyID == keyID && NoteFormat.sameBytes($0.name, name) }
        guard let first = matches.first else { throw NoteError.unknownKey(name: name, keyID: keyID) }
        // Even identical duplicates are refused, as golang.org/x/mod/sumdb/note does: a
        // verifier list with repeats is a configuration mistake worth surfacing.
        guard matches.count == 1 else { throw NoteError.ambiguousKey(name: name, keyID: keyID) }
        return first
    }

    /// Expected public key length per type; 0 means variable (DER SubjectPublicKeyInfo).
    private static func keyLength(_ type: UInt8) -> Int? {
        switch type {
        case ed25519, cosignatureEd25519: 32
        case cosignatureMLDSA44: 1312
        case ecdsa, rfc6962TreeHead: 0
        default: nil
        }
    }

    /// Key ID rules: signed-note.md for 0x01 and 0x02, tlog-cosignature.md for 0x04 and
    /// 0x06, static-ct-api for 0x05 (whose key material is hashed first, giving the log ID).
    static func computeKeyID(name: String, type: UInt8, publicKey: [UInt8]) throws -> UInt32 {
        let digest: [UInt8]
        switch type {
        case ecdsa:
            digest = try SHA256.hash(publicKey)
        case rfc6962TreeHead:
            digest = try SHA256.hash(parts: [Array(name.utf8), [NoteFormat.newline, type], SHA256.hash(publicKey)])
        default:
            digest = try SHA256.hash(parts: [Array(name.utf8), [NoteFormat.newline, type], publicKey])
        }
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func typeName(_ type: UInt8) -> String {
        "0x" + (type < 0x10 ? "0" : "") + String(type, radix: 16)
    }
}
