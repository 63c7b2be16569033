import Testing
@testable import EvidenceStore

/// X25519 known answers. Source: RFC 7748 §5.2 (the two single scalar-multiplication test
/// vectors) and §6.1 (the Alice/Bob Diffie–Hellman example). Our API computes X25519(k, u) as
/// `PrivateKey(secret: k).sharedSecret(with: u)`, so the §5.2 "Input u-coordinate" is the peer
/// public key and the "Output u-coordinate" the shared secret.
@Suite struct CryptoX25519Tests {
    struct ScalarMult: Sendable, CustomTestStringConvertible {
        let name: String
        let scalar: String
        let u: String
        let output: String
        var testDescription: String { name }
    }

    static let scalarMults: [ScalarMult] = [
        // RFC 7748 §5.2, first vector.
        ScalarMult(name: "RFC 7748 §5.2 #1",
                   scalar: "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                   u: "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                   output: "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
        // RFC 7748 §5.2, second vector. Its u has the top bit set (last byte 0x93), which
        // X25519 must mask (RFC 7748 §5): this checks the wrapper passes the 32 bytes through.
        ScalarMult(name: "RFC 7748 §5.2 #2 (u with top bit set)",
                   scalar: "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                   u: "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                   output: "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
    ]

    @Test(arguments: scalarMults)
    func scalarMultiplication(_ v: ScalarMult) throws {
        let key = try X25519.PrivateKey(secret: SecretBytes(CryptoKAT.bytes(v.scalar)))
        let shared = try key.sharedSecret(with: CryptoKAT.bytes(v.u))
        #expect(CryptoKAT.hex(shared.bytes) == v.output)
        // The scalar is kept as given (clamping happens inside X25519, not in our copy).
        #expect(key.secret.bytes == CryptoKAT.bytes(v.scalar))
    }

    // RFC 7748 §6.1.
    static let alicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
    static let alicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    static let bobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
    static let bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
    static let sharedK = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"

    /// RFC 7748 §6.1: public keys derived from the private keys, and K computed from both sides.
    @Test func aliceAndBob() throws {
        let alice = try X25519.PrivateKey(secret: SecretBytes(CryptoKAT.bytes(Self.alicePrivate)))
        let bob = try X25519.PrivateKey(secret: SecretBytes(CryptoKAT.bytes(Self.bobPrivate)))
        #expect(CryptoKAT.hex(alice.publicKey) == Self.alicePublic)
        #expect(CryptoKAT.hex(bob.publicKey) == Self.bobPublic)
        let aliceK = try alice.sharedSecret(with: CryptoKAT.bytes(Self.bobPublic))
        let bobK = try bob.sharedSecret(with: CryptoKAT.bytes(Self.alicePublic))
        #expect(CryptoKAT.hex(aliceK.bytes) == Self.sharedK)
        #expect(CryptoKAT.hex(bobK.bytes) == Self.sharedK)
        #expect(aliceK.isEqual(to: bobK))
    }

    /// Low-order points (RFC 7748 §6.1 "all-zero value" check; the list of encodings is the
    /// usual one from cr.yp.to/ecdh.html, "How do I validate Curve25519 public keys?"):
    /// u = 0, 1, the two points of order 8, p − 1, p and p + 1. Each gives X25519 = 0 for every
    /// private key, and must be refused rather than returned.
    @Test(arguments: [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ])
    func lowOrderPeerIsRefused(u: String) throws {
        let alice = try X25519.PrivateKey(secret: SecretBytes(CryptoKAT.bytes(Self.alicePrivate)))
        let error = #expect(throws: CryptoError.self) {
            try alice.sharedSecret(with: CryptoKAT.bytes(u))
        }
        guard case .invalidKey = error else {
            Issue.record("expected invalidKey for a low-order peer, got \(String(describing: error))")
            return
        }
    }

    @Test func wrongLengthsAreRefused() throws {
        for length in [0, 31, 33, 64] {
            let keyError = #expect(throws: CryptoError.self) {
                try X25519.PrivateKey(secret: SecretBytes(count: length))
            }
            guard case .invalidKey = keyError else { Issue.record("private length \(length)"); continue }
        }
        let alice = try X25519.PrivateKey(secret: SecretBytes(CryptoKAT.bytes(Self.alicePrivate)))
        for length in [0, 31, 33, 64] {
            let peerError = #expect(throws: CryptoError.self) {
                try alice.sharedSecret(with: [UInt8](repeating: 9, count: length))
            }
            guard case .invalidKey = peerError else { Issue.record("peer length \(length)"); continue }
        }
    }

    @Test func generatedKeysAgree() throws {
        let a = try X25519.PrivateKey.generate()
        let b = try X25519.PrivateKey.generate()
        #expect(a.publicKey != b.publicKey)
        #expect(a.publicKey.count == X25519.keySize)
        let ab = try a.sharedSecret(with: b.publicKey)
        let ba = try b.sharedSecret(with: a.publicKey)
        #expect(ab.count == 32)
        #expect(ab.isEqual(to: ba))
    }
}
