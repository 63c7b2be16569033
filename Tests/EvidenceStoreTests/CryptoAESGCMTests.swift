import Testing
@testable import EvidenceStore

/// AES-256-GCM known answers and tamper tests.
///
/// Sources: McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)" (revised 2005),
/// Appendix B, Test Cases 13–16 (the 256-bit-key cases with a 96-bit IV; Test Cases 17 and 18
/// use 64- and 480-bit IVs, which our 12-byte-nonce API deliberately does not accept), and NIST
/// CAVP gcmtestvectors, gcmEncryptExtIV256.rsp, [Keylen = 256] [IVlen = 96] [Taglen = 128]
/// groups [PTlen = 0][AADlen = 0] Count = 0 and [PTlen = 0][AADlen = 128] Count = 0 (empty
/// plaintext, with and without AAD).
@Suite struct CryptoAESGCMTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: String
        let iv: String
        let aad: String
        let plaintext: String
        let ciphertext: String
        let tag: String
        var testDescription: String { name }
    }

    static let tc15Key = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
    static let tc15Plaintext = """
        d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
        1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255
        """
    static let tc15Ciphertext = """
        522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
        8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad
        """

    static let vectors: [Vector] = [
        // McGrew–Viega Test Case 13: zero key, zero IV, empty plaintext and AAD.
        Vector(name: "GCM spec TC13 (empty)",
               key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12),
               aad: "", plaintext: "", ciphertext: "",
               tag: "530f8afbc74536b9a963b4f1c4cb738b"),
        // McGrew–Viega Test Case 14: zero key, zero IV, one zero block.
        Vector(name: "GCM spec TC14 (one block)",
               key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12),
               aad: "", plaintext: String(repeating: "00", count: 16),
               ciphertext: "cea7403d4d606b6e074ec5d3baf39d18",
               tag: "d0d1c8a799996bf0265b98b5d48ab919"),
        // McGrew–Viega Test Case 15: four blocks, no AAD.
        Vector(name: "GCM spec TC15 (64 bytes)",
               key: tc15Key, iv: "cafebabefacedbaddecaf888", aad: "",
               plaintext: tc15Plaintext, ciphertext: tc15Ciphertext,
               tag: "b094dac5d93471bdec1a502270e3cc6c"),
        // McGrew–Viega Test Case 16: 60 bytes (partial last block) with 20 bytes of AAD.
        Vector(name: "GCM spec TC16 (60 bytes + AAD)",
               key: tc15Key, iv: "cafebabefacedbaddecaf888",
               aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
               plaintext: String(tc15Plaintext.filter { !$0.isWhitespace }.prefix(120)),
               ciphertext: String(tc15Ciphertext.filter { !$0.isWhitespace }.prefix(120)),
               tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
        // CAVP gcmEncryptExtIV256.rsp, [PTlen = 0][AADlen = 0], Count = 0.
        Vector(name: "CAVP ExtIV256 PTlen=0 AADlen=0 #0",
               key: "b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4",
               iv: "516c33929df5a3284ff463d7", aad: "", plaintext: "", ciphertext: "",
               tag: "bdc1ac884d332457a1d2664f168c76f0"),
        // CAVP gcmEncryptExtIV256.rsp, [PTlen = 0][AADlen = 128], Count = 0: empty plaintext with AAD.
        Vector(name: "CAVP ExtIV256 PTlen=0 AADlen=128 #0",
               key: "78dc4e0aaf52d935c3c01eea57428f00ca1fd475f5da86a49c8dd73d68c8e223",
               iv: "d79cf22d504cc793c3fb6c8a", aad: "b96baa8c1c75a671bfb2d08d06be5f36",
               plaintext: "", ciphertext: "",
               tag: "3e5d486aa2e30b22e040b85723a06e76"),
    ]

    @Test(arguments: vectors)
    func sealMatchesVector(_ v: Vector) throws {
        let sealed = try AESGCM.seal(key: SecretBytes(CryptoKAT.bytes(v.key)), nonce: CryptoKAT.bytes(v.iv),
                                     aad: CryptoKAT.bytes(v.aad), plaintext: CryptoKAT.bytes(v.plaintext))
        #expect(CryptoKAT.hex(sealed) == CryptoKAT.hex(CryptoKAT.bytes(v.ciphertext + v.tag)))
    }

    @Test(arguments: vectors)
    func openMatchesVector(_ v: Vector) throws {
        let key = SecretBytes(CryptoKAT.bytes(v.key))
        let sealed = CryptoKAT.bytes(v.ciphertext + v.tag)
        let opened = try AESGCM.open(key: key, nonce: CryptoKAT.bytes(v.iv), aad: CryptoKAT.bytes(v.aad), sealed: sealed)
        #expect(opened == CryptoKAT.bytes(v.plaintext))
        let secret = try AESGCM.openSecret(key: key, nonce: CryptoKAT.bytes(v.iv), aad: CryptoKAT.bytes(v.aad), sealed: sealed)
        #expect(secret.count == opened.count)
        #expect(secret.bytes == CryptoKAT.bytes(v.plaintext))
    }

    /// One reusable Context seals and opens every vector in turn (same key per context).
    @Test func reusableContext() throws {
        let context = try AESGCM.Context(key: SecretBytes(CryptoKAT.bytes(Self.tc15Key)))
        for v in Self.vectors where v.key == Self.tc15Key {
            let plaintext = CryptoKAT.bytes(v.plaintext)
            var out = [UInt8](repeating: 0, count: plaintext.count + AESGCM.tagSize)
            let written = try plaintext.withUnsafeBytes { input in
                try out.withUnsafeMutableBytes { output in
                    try context.seal(nonce: CryptoKAT.bytes(v.iv), aad: CryptoKAT.bytes(v.aad), plaintext: input, into: output)
                }
            }
            #expect(written == out.count)
            #expect(out == CryptoKAT.bytes(v.ciphertext + v.tag))

            // A failed open on the same context must not poison the next one.
            var scratch = [UInt8](repeating: 0, count: plaintext.count)
            let tampered = CryptoKAT.flipping(out, bit: 0)
            #expect(throws: CryptoError.authenticationFailed) {
                try tampered.withUnsafeBytes { input in
                    try scratch.withUnsafeMutableBytes { output in
                        try context.open(nonce: CryptoKAT.bytes(v.iv), aad: CryptoKAT.bytes(v.aad), sealed: input, into: output)
                    }
                }
            }
            var opened = [UInt8](repeating: 0, count: plaintext.count)
            let count = try out.withUnsafeBytes { input in
                try opened.withUnsafeMutableBytes { output in
                    try context.open(nonce: CryptoKAT.bytes(v.iv), aad: CryptoKAT.bytes(v.aad), sealed: input, into: output)
                }
            }
            #expect(count == plaintext.count)
            #expect(opened == plaintext)
        }
    }

    // MARK: - Tampering (all must be authenticationFailed)

    /// TC16 has ciphertext, a partial block and AAD, so every field can be tampered with.
    static let tc16 = vectors[3]
    static var tc16Key: SecretBytes { SecretBytes(CryptoKAT.bytes(tc16.key)) }
    static var tc16Nonce: [UInt8] { CryptoKAT.bytes(tc16.iv) }
    static var tc16AAD: [UInt8] { CryptoKAT.bytes(tc16.aad) }
    static var tc16Sealed: [UInt8] { CryptoKAT.bytes(tc16.ciphertext + tc16.tag) }

    /// Flipping any of these bits of ciphertext ‖ tag is detected: first, middle and last bits
    /// of the ciphertext (including the partial last block) and of the tag.
    @Test(arguments: [0, 7, 8, 100, 255, 256, 479, 480, 481, 500, 600, 607])
    func flippedBitIsRejected(bit: Int) throws {
        let sealed = Self.tc16Sealed
        #expect(sealed.count == 60 + 16)
        let tampered = CryptoKAT.flipping(sealed, bit: bit)
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(key: Self.tc16Key, nonce: Self.tc16Nonce, aad: Self.tc16AAD, sealed: tampered)
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.openSecret(key: Self.tc16Key, nonce: Self.tc16Nonce, aad: Self.tc16AAD, sealed: tampered)
        }
    }

    @Test func wrongAADIsRejected() throws {
        let wrongAADs: [[UInt8]] = [
            [],                                        // AAD dropped
            CryptoKAT.flipping(Self.tc16AAD, bit: 3),  // AAD altered
            Self.tc16AAD + [0],                        // AAD extended
            Array(Self.tc16AAD.dropLast()),            // AAD truncated
        ]
        for aad in wrongAADs {
            #expect(throws: CryptoError.authenticationFailed) {
                try AESGCM.open(key: Self.tc16Key, nonce: Self.tc16Nonce, aad: aad, sealed: Self.tc16Sealed)
            }
        }
        // And AAD added where there was none (TC15).
        let tc15 = Self.vectors[2]
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(key: SecretBytes(CryptoKAT.bytes(tc15.key)), nonce: CryptoKAT.bytes(tc15.iv),
                            aad: [0x00], sealed: CryptoKAT.bytes(tc15.ciphertext + tc15.tag))
        }
        // Empty plaintext with AAD (CAVP): the tag alone authenticates the AAD.
        let cavp = Self.vectors[5]
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(key: SecretBytes(CryptoKAT.bytes(cavp.key)), nonce: CryptoKAT.bytes(cavp.iv),
                            aad: CryptoKAT.flipping(CryptoKAT.bytes(cavp.aad), bit: 127), sealed: CryptoKAT.bytes(cavp.tag))
        }
    }

    @Test func wrongNonceIsRejected() throws {
        for bit in [0, 47, 95] {
            #expect(throws: CryptoError.authenticationFailed) {
                try AESGCM.open(key: Self.tc16Key, nonce: CryptoKAT.flipping(Self.tc16Nonce, bit: bit),
                                aad: Self.tc16AAD, sealed: Self.tc16Sealed)
            }
        }
    }

    @Test func wrongKeyIsRejected() throws {
        let key = SecretBytes(CryptoKAT.flipping(CryptoKAT.bytes(Self.tc16.key), bit: 255))
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.open(key: key, nonce: Self.tc16Nonce, aad: Self.tc16AAD, sealed: Self.tc16Sealed)
        }
    }

    @Test func truncatedInputIsRejected() throws {
        let sealed = Self.tc16Sealed
        let truncations: [[UInt8]] = [
            Array(sealed.dropLast()),       // one byte of tag missing
            Array(sealed.dropFirst()),      // one byte of ciphertext missing
            Array(sealed.prefix(60)),       // tag missing altogether
            Array(sealed.suffix(16)),       // ciphertext missing, tag intact
            Array(sealed.prefix(15)),       // shorter than a tag
            [],                             // nothing
        ]
        for truncated in truncations {
            #expect(throws: CryptoError.authenticationFailed) {
                try AESGCM.open(key: Self.tc16Key, nonce: Self.tc16Nonce, aad: Self.tc16AAD, sealed: truncated)
            }
            #expect(throws: CryptoError.authenticationFailed) {
                try AESGCM.openSecret(key: Self.tc16Key, nonce: Self.tc16Nonce, aad: Self.tc16AAD, sealed: truncated)
            }
        }
    }

    // MARK: - Misuse

    @Test func wrongKeyOrNonceLengthIsAnError() throws {
        for length in [0, 16, 24, 31, 33] {
            let error = #expect(throws: CryptoError.self) {
                try AESGCM.seal(key: SecretBytes(count: length), nonce: Self.tc16Nonce, aad: [], plaintext: [1])
            }
            guard case .invalidKey = error else { Issue.record("key length \(length): \(String(describing: error))"); continue }
        }
        for length in [0, 8, 11, 13, 16] {
            let nonce = [UInt8](repeating: 0, count: length)
            let sealError = #expect(throws: CryptoError.self) {
                try AESGCM.seal(key: Self.tc16Key, nonce: nonce, aad: [], plaintext: [1])
            }
            guard case .invalidInput = sealError else { Issue.record("nonce length \(length): \(String(describing: sealError))"); continue }
            let openError = #expect(throws: CryptoError.self) {
                try AESGCM.open(key: Self.tc16Key, nonce: nonce, aad: Self.tc16AAD, sealed: Self.tc16Sealed)
            }
            guard case .invalidInput = openError else { Issue.record("nonce length \(length): \(String(describing: openError))"); continue }
        }
    }

    /// Round trip of random data and of a random key through openSecret.
    @Test func randomRoundTrip() throws {
        let key = try SecretBytes.random(count: AESGCM.keySize)
        let nonce = try SecureRandom.bytes(AESGCM.nonceSize)
        let inner = try SecretBytes.random(count: 32)
        let sealed = try AESGCM.seal(key: key, nonce: nonce, aad: CryptoKAT.ascii("slot"), plaintext: inner.bytes)
        #expect(sealed.count == 32 + AESGCM.tagSize)
        let opened = try AESGCM.openSecret(key: key, nonce: nonce, aad: CryptoKAT.ascii("slot"), sealed: sealed)
        #expect(opened.isEqual(to: inner))
    }
}
