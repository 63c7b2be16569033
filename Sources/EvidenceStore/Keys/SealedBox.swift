/// The one binary format for every sealed secret and every sealed ledger part.
///
/// ```
/// "EVSB" (4) ‖ version 0x01 (1) ‖ algorithm (1) ‖ algorithm fields ‖ ciphertext ‖ tag (16)
/// algorithm 0x01, to an X25519 public key: ephemeral public key (32) ‖ nonce (12)
/// algorithm 0x02, under a symmetric key:   key generation (u32 BE) ‖ nonce (12)
/// ```
/// AES-256-GCM with a random nonce; the additional data is the box's header (everything
/// before the ciphertext) followed by a context string naming what the box is for, so
/// a box cut from one place and pasted into another fails to open.
public enum SealedBox {
    public static let magic: [UInt8] = Array("EVSB".utf8)
    public static let version: UInt8 = 1

    public enum Algorithm: UInt8, Sendable {
        case x25519 = 1
        case symmetric = 2
    }

    static let x25519Info = Array("evidence/v1/seal/x25519".utf8)

    /// Seals to a recipient's X25519 public key with a fresh ephemeral key (ECIES).
    public static func seal(_ plaintext: [UInt8], to recipientPublicKey: [UInt8], context: String) throws -> [UInt8] {
        let ephemeral = try X25519.PrivateKey.generate()
        let shared = try ephemeral.sharedSecret(with: recipientPublicKey)
        let key = try HKDF.derive(key: shared, salt: ephemeral.publicKey + recipientPublicKey, info: x25519Info)
        let nonce = try SecureRandom.bytes(AESGCM.nonceSize)
        let header = magic + [version, Algorithm.x25519.rawValue] + ephemeral.publicKey + nonce
        let sealed = try AESGCM.seal(key: key, nonce: nonce, aad: header + Array(context.utf8), plaintext: plaintext)
        return header + sealed
    }

    /// Seals under a symmetric key of the given generation.
    public static func seal(_ plaintext: [UInt8], key: SecretBytes, generation: UInt32, context: String) throws -> [UInt8] {
        let nonce = try SecureRandom.bytes(AESGCM.nonceSize)
        let header = magic + [version, Algorithm.symmetric.rawValue] + generation.bigEndianBytes + nonce
        let sealed = try AESGCM.seal(key: key, nonce: nonce, aad: header + Array(context.utf8), plaintext: plaintext)
        return header + sealed
    }

    public struct Header: Sendable {
        public let algorithm: Algorithm
        /// For symmetric boxes: the generation of the key that sealed it.
        public let generation: UInt32?
        let headerLength: Int
    }

    /// Reads the header without opening the box, e.g. to learn which key generation it needs.
    public static func header(of box: [UInt8]) throws -> Header {
        guard box.count >= 6, Array(box[0..<4]) == magic else { throw SealedBoxError.notABox }
        guard box[4] == version else { throw SealedBoxError.unsupportedVersion(box[4]) }
        switch Algorithm(rawValue: box[5]) {
        case .x25519:
            guard box.count >= 6 + 32 + 12 + AESGCM.tagSize else { throw SealedBoxError.truncated }
            return Header(algorithm: .x25519, generation: nil, headerLength: 6 + 32 + 12)
        case .symmetric:
            guard box.count >= 6 + 4 + 12 + AESGCM.tagSize else { throw SealedBoxError.truncated }
            let generation = UInt32(bigEndianBytes: box[6..<10])
            return Header(algorithm: .symmetric, generation: generation, headerLength: 6 + 4 + 12)
        case nil:
            throw SealedBoxError.unknownAlgorithm(box[5])
        }
    }

    public static func open(_ box: [UInt8], with privateKey: X25519.PrivateKey, context: String) throws -> [UInt8] {
        try openSecret(box, with: privateKey, context: context).bytes
    }

    public static func openSecret(_ box: [UInt8], with privateKey: X25519.PrivateKey, context: String) throws -> SecretBytes {
        let header = try header(of: box)
        guard header.algorithm == .x25519 else { throw SealedBoxError.wrongAlgorithm }
        let ephemeralPublic = Array(box[6..<38])
        let nonce = Array(box[38..<50])
        let shared = try privateKey.sharedSecret(with: ephemeralPublic)
        let key = try HKDF.derive(key: shared, salt: ephemeralPublic + privateKey.publicKey, info: x25519Info)
        let aad = Array(box[0..<header.headerLength]) + Array(context.utf8)
        return try AESGCM.openSecret(key: key, nonce: nonce, aad: aad, sealed: Array(box[header.headerLength...]))
    }

    public static func open(_ box: [UInt8], key: SecretBytes, context: String) throws -> [UInt8] {
        try openSecret(box, key: key, context: context).bytes
    }

    public static func openSecret(_ box: [UInt8], key: SecretBytes, context: String) throws -> SecretBytes {
        let header = try header(of: box)
        guard header.algorithm == .symmetric else { throw SealedBoxError.wrongAlgorithm }
        let nonce = Array(box[10..<22])
        let aad = Array(box[0..<header.headerLength]) + Array(context.utf8)
        return try AESGCM.openSecret(key: key, nonce: nonce, aad: aad, sealed: Array(box[header.headerLength...]))
    }
}

public enum SealedBoxError: Error, Equatable, CustomStringConvertible {
    case notABox
    case unsupportedVersion(UInt8)
    case unknownAlgorithm(UInt8)
    case wrongAlgorithm
    case truncated

    public var description: String {
        switch self {
        case .notABox: return "not a sealed box (magic EVSB missing)"
        case .unsupportedVersion(let version): return "sealed box version \(version) is not supported"
        case .unknownAlgorithm(let algorithm): return "sealed box algorithm \(algorithm) is unknown"
        case .wrongAlgorithm: return "sealed box uses another algorithm than expected"
        case .truncated: return "sealed box is truncated"
        }
    }
}

extension UInt32 {
    var bigEndianBytes: [UInt8] {
        [UInt8(truncatingIfNeeded: self >> 24), UInt8(truncatingIfNeeded: self >> 16),
         UInt8(truncatingIfNeeded: self >> 8), UInt8(truncatingIfNeeded: self)]
    }

    init<C: Collection>(bigEndianBytes bytes: C) where C.Element == UInt8 {
        var value: UInt32 = 0
        for byte in bytes.prefix(4) { value = value << 8 | UInt32(byte) }
        self = value
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * UInt64($0))) }
    }

    init<C: Collection>(bigEndianBytes bytes: C) where C.Element == UInt8 {
        var value: UInt64 = 0
        for byte in bytes.prefix(8) { value = value << 8 | UInt64(byte) }
        self = value
    }
}

extension UInt16 {
    var bigEndianBytes: [UInt8] { [UInt8(truncatingIfNeeded: self >> 8), UInt8(truncatingIfNeeded: self)] }

    init<C: Collection>(bigEndianBytes bytes: C) where C.Element == UInt8 {
        var value: UInt16 = 0
        for byte in bytes.prefix(2) { value = value << 8 | UInt16(byte) }
        self = value
    }
}
