import Testing
@testable import EvidenceStore

/// SHA-256 known answers. Source: NIST FIPS 180-2, Appendix B (SHA-256 examples B.1 "abc",
/// B.2 the 448-bit message, B.3 one million 'a'); the empty-string digest is the well-known
/// SHA-256("") also listed in NIST's example-values document for SHA-256.
@Suite struct CryptoSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let message: [UInt8]
        let digest: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        // FIPS 180-2 Appendix B.1: one-block message "abc".
        Vector(name: "FIPS 180-2 B.1 \"abc\"", message: CryptoKAT.ascii("abc"),
               digest: "ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad"),
        // FIPS 180-2 Appendix B.2: the 448-bit two-block message.
        Vector(name: "FIPS 180-2 B.2 448-bit (56 bytes)",
               message: CryptoKAT.ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
               digest: "248d6a61 d20638b8 e5c02693 0c3e6039 a33ce459 64ff2167 f6ecedd4 19db06c1"),
        // Empty message (NIST SHA-256 example values, zero-length input).
        Vector(name: "empty string", message: [],
               digest: "e3b0c442 98fc1c14 9afbf4c8 996fb924 27ae41e4 649b934c a495991b 7852b855"),
    ]

    @Test(arguments: vectors)
    func oneShot(_ vector: Vector) throws {
        let digest = try SHA256.hash(vector.message)
        #expect(digest == CryptoKAT.bytes(vector.digest))
        #expect(digest.count == SHA256.digestSize)
    }

    @Test(arguments: vectors)
    func byteAtATime(_ vector: Vector) throws {
        let hasher = try SHA256()
        for byte in vector.message { try hasher.update([byte]) }
        #expect(try hasher.finalize() == CryptoKAT.bytes(vector.digest))
    }

    /// FIPS 180-2 Appendix B.3: one million repetitions of 'a', fed through incremental updates
    /// of irregular sizes (so block boundaries fall everywhere), and in one shot.
    @Test func oneMillionA() throws {
        let expected = CryptoKAT.bytes("cdc76e5c 9914fb92 81a1c7e2 84d73e67 f1809a48 a497200e 046d39cc c7112cd0")
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
        let hasher = try SHA256()
        var fed = 0
        let sizes = [1, 63, 64, 65, 127, 1000, 7, 333]
        var index = 0
        while fed < 1_000_000 {
            let size = min(sizes[index % sizes.count], 1_000_000 - fed)
            index += 1
            try hasher.update(chunk[0..<size])
            fed += size
        }
        #expect(fed == 1_000_000)
        #expect(try hasher.finalize() == expected)

        let whole = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(try SHA256.hash(whole) == expected)
    }

    /// Incremental hashing in odd-sized pieces equals hashing in one shot.
    @Test(arguments: [1, 3, 5, 7, 13, 31, 55, 63, 65, 127, 129, 333])
    func oddSizedPiecesEqualOneShot(pieceSize: Int) throws {
        let message = (0..<1_500).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let oneShot = try SHA256.hash(message)
        let hasher = try SHA256()
        var start = 0
        while start < message.count {
            let end = min(start + pieceSize, message.count)
            try hasher.update(message[start..<end])
            start = end
        }
        #expect(try hasher.finalize() == oneShot)

        // The same through hash(parts:) and through raw buffers.
        var parts: [[UInt8]] = []
        start = 0
        while start < message.count {
            let end = min(start + pieceSize, message.count)
            parts.append(Array(message[start..<end]))
            start = end
        }
        #expect(try SHA256.hash(parts: parts) == oneShot)
        let viaBuffer = try message.withUnsafeBytes { try SHA256.hash($0) }
        #expect(viaBuffer == oneShot)
    }

    /// Empty updates are no-ops: "abc" with empty pieces between gives B.1's digest.
    @Test func emptyUpdatesAreNoOps() throws {
        let hasher = try SHA256()
        try hasher.update([UInt8]())
        try hasher.update(CryptoKAT.ascii("a"))
        try hasher.update([UInt8]()[...])
        try hasher.update(CryptoKAT.ascii("bc"))
        try hasher.update([UInt8]())
        #expect(try hasher.finalize()
                == CryptoKAT.bytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
    }
}
