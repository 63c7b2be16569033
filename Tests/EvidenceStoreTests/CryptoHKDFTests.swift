import Testing
@testable import EvidenceStore

/// HKDF-SHA256 known answers. Source: RFC 5869 Appendix A, A.1 (Test Case 1), A.2 (Test Case 2,
/// longer inputs) and A.3 (Test Case 3, zero-length salt and info).
@Suite struct CryptoHKDFTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let ikm: [UInt8]
        let salt: [UInt8]
        let info: [UInt8]
        let length: Int
        let okm: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        // RFC 5869 A.1, Test Case 1.
        Vector(name: "RFC 5869 A.1",
               ikm: [UInt8](repeating: 0x0b, count: 22),
               salt: CryptoKAT.bytes("000102030405060708090a0b0c"),
               info: CryptoKAT.bytes("f0f1f2f3f4f5f6f7f8f9"),
               length: 42,
               okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        // RFC 5869 A.2, Test Case 2: ikm 0x00..0x4f, salt 0x60..0xaf, info 0xb0..0xff, L = 82.
        Vector(name: "RFC 5869 A.2",
               ikm: (0x00...0x4f).map { UInt8($0) },
               salt: (0x60...0xaf).map { UInt8($0) },
               info: (0xb0...0xff).map { UInt8($0) },
               length: 82,
               okm: """
                   b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c
                   59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71
                   cc30c58179ec3e87c14c01d5c1f3434f1d87
                   """),
        // RFC 5869 A.3, Test Case 3: salt = "" and info = "" (zero length).
        Vector(name: "RFC 5869 A.3 (empty salt and info)",
               ikm: [UInt8](repeating: 0x0b, count: 22),
               salt: [],
               info: [],
               length: 42,
               okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ vector: Vector) throws {
        let okm = try HKDF.derive(key: SecretBytes(vector.ikm), salt: vector.salt, info: vector.info,
                                  length: vector.length)
        #expect(okm.count == vector.length)
        #expect(CryptoKAT.hex(okm.bytes) == CryptoKAT.hex(CryptoKAT.bytes(vector.okm)))
    }

    @Test(arguments: vectors)
    func knownAnswerThroughRawIKM(_ vector: Vector) throws {
        let okm = try vector.ikm.withUnsafeBytes {
            try HKDF.derive(ikm: $0, salt: vector.salt, info: vector.info, length: vector.length)
        }
        #expect(okm.bytes == CryptoKAT.bytes(vector.okm))
    }

    /// RFC 5869 §2.2: an absent salt means HashLen zero bytes. The wrapper passes OpenSSL a
    /// one-byte dummy buffer with length 0 for an empty salt; A.3 above shows that yields the
    /// RFC result. Here: empty salt (explicit and default argument) == 32 zero bytes.
    @Test func emptySaltEqualsHashLenZeros() throws {
        let ikm = SecretBytes([UInt8](repeating: 0x0b, count: 22))
        let expected = CryptoKAT.bytes(Self.vectors[2].okm)
        let explicitEmpty = try HKDF.derive(key: ikm, salt: [], info: [], length: 42)
        let defaulted = try HKDF.derive(key: ikm, info: [], length: 42)
        let zeros = try HKDF.derive(key: ikm, salt: [UInt8](repeating: 0, count: 32), info: [], length: 42)
        #expect(explicitEmpty.bytes == expected)
        #expect(defaulted.bytes == expected)
        #expect(zeros.bytes == expected)
        // Because HMAC zero-pads short keys, the salts [], [0x00] and 32 zero bytes are all the
        // same HMAC key: the wrapper's dummy byte could not change the result even if it were
        // passed with length 1. The salt does matter otherwise:
        let nonZero = try HKDF.derive(key: ikm, salt: [0x01], info: [], length: 42)
        #expect(nonZero.bytes != expected)
    }

    /// The default length is 32 and is a prefix of a longer output (HKDF-Expand's T(1)).
    @Test func defaultLengthIsPrefix() throws {
        let v = Self.vectors[0]
        let short = try HKDF.derive(key: SecretBytes(v.ikm), salt: v.salt, info: v.info)
        #expect(short.count == 32)
        #expect(short.bytes == Array(CryptoKAT.bytes(v.okm).prefix(32)))
    }
}
