import Testing
@testable import EvidenceStore

/// HMAC-SHA256 known answers. Source: RFC 4231 §4.2–4.8, test cases 1–4, 6 and 7
/// (case 5 tests truncation to 128 bits, which our API does not offer).
@Suite struct CryptoHMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        // RFC 4231 §4.2, Test Case 1: 20-byte key of 0x0b, data "Hi There".
        Vector(name: "RFC 4231 TC1",
               key: [UInt8](repeating: 0x0b, count: 20),
               data: CryptoKAT.ascii("Hi There"),
               mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        // RFC 4231 §4.3, Test Case 2: key shorter than the output ("Jefe").
        Vector(name: "RFC 4231 TC2",
               key: CryptoKAT.ascii("Jefe"),
               data: CryptoKAT.ascii("what do ya want for nothing?"),
               mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        // RFC 4231 §4.4, Test Case 3: 20 bytes of 0xaa, 50 bytes of 0xdd.
        Vector(name: "RFC 4231 TC3",
               key: [UInt8](repeating: 0xaa, count: 20),
               data: [UInt8](repeating: 0xdd, count: 50),
               mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        // RFC 4231 §4.5, Test Case 4: key 0x01..0x19 (25 bytes), 50 bytes of 0xcd.
        Vector(name: "RFC 4231 TC4",
               key: CryptoKAT.bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"),
               data: [UInt8](repeating: 0xcd, count: 50),
               mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // RFC 4231 §4.7, Test Case 6: 131-byte key (larger than the block size).
        Vector(name: "RFC 4231 TC6",
               key: [UInt8](repeating: 0xaa, count: 131),
               data: CryptoKAT.ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
               mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        // RFC 4231 §4.8, Test Case 7: 131-byte key and data larger than the block size.
        Vector(name: "RFC 4231 TC7",
               key: [UInt8](repeating: 0xaa, count: 131),
               data: CryptoKAT.ascii("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
               mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ vector: Vector) throws {
        let mac = try HMACSHA256.authenticate(key: SecretBytes(vector.key), message: vector.data)
        #expect(CryptoKAT.hex(mac) == vector.mac)
    }

    /// The RFC's printed data for TC6/TC7 as hex, to check the ASCII literals above were typed
    /// exactly (RFC 4231 gives both the hex and the text).
    @Test func typedDataMatchesRFCHex() {
        #expect(Self.vectors[0].data == CryptoKAT.bytes("4869205468657265"))
        #expect(Self.vectors[1].data == CryptoKAT.bytes("7768617420646f2079612077616e7420666f72206e6f7468696e673f"))
        #expect(Self.vectors[4].data == CryptoKAT.bytes("""
            54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374
            """))
        #expect(Self.vectors[5].data.count == 152)
    }

    /// A different key or message changes the tag (sanity, no vector).
    @Test func sensitivity() throws {
        let base = Self.vectors[1]
        let mac = try HMACSHA256.authenticate(key: SecretBytes(base.key), message: base.data)
        let otherKey = try HMACSHA256.authenticate(key: SecretBytes(CryptoKAT.ascii("Jeff")), message: base.data)
        let otherData = try HMACSHA256.authenticate(key: SecretBytes(base.key), message: base.data + [0])
        #expect(mac != otherKey)
        #expect(mac != otherData)
    }
}
