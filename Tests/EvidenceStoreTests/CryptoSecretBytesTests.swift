import Testing
@testable import EvidenceStore

/// SecretBytes and SecureRandom behaviour (no published vectors apply).
@Suite struct CryptoSecretBytesTests {
    @Test func randomValuesAreDistinct() throws {
        var seen = Set<[UInt8]>()
        for _ in 0..<64 {
            let secret = try SecretBytes.random(count: 32)
            #expect(secret.count == 32)
            seen.insert(secret.bytes)
        }
        #expect(seen.count == 64)
        #expect(!seen.contains([UInt8](repeating: 0, count: 32)))
        let a = try SecretBytes.random(count: 32)
        let b = try SecretBytes.random(count: 32)
        #expect(!a.isEqual(to: b))
    }

    @Test(arguments: [0, 1, 16, 33, 4096])
    func randomHasRequestedCount(count: Int) throws {
        #expect(try SecretBytes.random(count: count).count == count)
        #expect(try SecureRandom.bytes(count).count == count)
    }

    @Test func secureRandomBytesAreDistinct() throws {
        let a = try SecureRandom.bytes(32)
        let b = try SecureRandom.bytes(32)
        #expect(a != b)
    }

    @Test func copiesContentsAndZeroInitialises() {
        let bytes = CryptoKAT.bytes("000102030405060708090a0b0c0d0e0f")
        #expect(SecretBytes(bytes).bytes == bytes)
        #expect(SecretBytes(bytes[4..<9]).bytes == [4, 5, 6, 7, 8])
        #expect(SecretBytes(count: 5).bytes == [0, 0, 0, 0, 0])
        #expect(SecretBytes([UInt8]()).count == 0)
        #expect(SecretBytes([UInt8]()).bytes == [])
        let viaUnsafe = SecretBytes(bytes).withUnsafeBytes { Array($0) }
        #expect(viaUnsafe == bytes)
    }

    @Test func isEqual() {
        let bytes = CryptoKAT.bytes("00112233445566778899aabbccddeeff")
        let a = SecretBytes(bytes)
        #expect(a.isEqual(to: a))
        #expect(a.isEqual(to: SecretBytes(bytes)))
        #expect(SecretBytes(bytes).isEqual(to: a))
        for bit in [0, 7, 64, 127] {
            #expect(!a.isEqual(to: SecretBytes(CryptoKAT.flipping(bytes, bit: bit))), "bit \(bit)")
        }
        #expect(!a.isEqual(to: SecretBytes(bytes.dropLast())))
        #expect(!a.isEqual(to: SecretBytes(bytes + [0])))
        #expect(!SecretBytes(bytes.dropLast()).isEqual(to: a))
        #expect(SecretBytes(count: 0).isEqual(to: SecretBytes([UInt8]())))
        #expect(!SecretBytes(count: 0).isEqual(to: SecretBytes(count: 1)))
    }

    @Test func slice() {
        let bytes = (0..<64).map { UInt8($0) }
        let secret = SecretBytes(bytes)
        let first = secret.slice(0..<32)
        let second = secret.slice(32..<64)
        #expect(first.count == 32)
        #expect(first.bytes == Array(bytes[0..<32]))
        #expect(second.bytes == Array(bytes[32..<64]))
        #expect(secret.slice(10..<11).bytes == [10])
        #expect(secret.slice(0..<64).isEqual(to: secret))
        #expect(secret.slice(5..<5).count == 0)
        // A slice is an independent copy: the original stays intact after the slice is released.
        do { _ = secret.slice(0..<16) }
        #expect(secret.bytes == bytes)
    }

    /// The HKDF use of slice: one 64-byte derivation split into two 32-byte keys.
    @Test func sliceOfDerivedKey() throws {
        let okm = try HKDF.derive(key: SecretBytes([UInt8](repeating: 0x0b, count: 22)),
                                  salt: CryptoKAT.bytes("000102030405060708090a0b0c"),
                                  info: CryptoKAT.bytes("f0f1f2f3f4f5f6f7f8f9"), length: 42)
        // RFC 5869 A.1 OKM, bytes 32..<42.
        #expect(okm.slice(32..<42).bytes == CryptoKAT.bytes("34007208d5b887185865"))
    }
}
