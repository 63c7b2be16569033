import Foundation
import Testing
@testable import EvidenceStore

/// SealedBox (both algorithms) and PassphraseBox.
@Suite struct UnitSealedBoxTests {
    private let context = "evidence/v1/test\u{0}unit"

    private func symmetricBox(_ plaintext: [UInt8], generation: UInt32 = 7) throws -> (SecretBytes, [UInt8]) {
        let key = try SecretBytes.random(count: 32)
        return (key, try SealedBox.seal(plaintext, key: key, generation: generation, context: context))
    }

    @Test func symmetricRoundTrip() throws {
        var rng = UnitRNG(seed: 5)
        for count in [0, 1, 15, 16, 17, 1000, 70_000] {
            let plaintext = rng.bytes(count)
            let (key, box) = try symmetricBox(plaintext)
            #expect(try SealedBox.open(box, key: key, context: context) == plaintext)
            #expect(try SealedBox.openSecret(box, key: key, context: context).bytes == plaintext)
            // magic, version, algorithm, generation, nonce, ciphertext, tag
            #expect(box.count == 4 + 1 + 1 + 4 + 12 + count + 16)
            #expect(Array(box.prefix(6)) == Array("EVSB".utf8) + [1, 2])
        }
    }

    @Test func x25519RoundTrip() throws {
        var rng = UnitRNG(seed: 6)
        let recipient = try X25519.PrivateKey.generate()
        for count in [0, 1, 32, 5000] {
            let plaintext = rng.bytes(count)
            let box = try SealedBox.seal(plaintext, to: recipient.publicKey, context: context)
            #expect(try SealedBox.open(box, with: recipient, context: context) == plaintext)
            #expect(box.count == 4 + 1 + 1 + 32 + 12 + count + 16)
            #expect(Array(box.prefix(6)) == Array("EVSB".utf8) + [1, 1])
        }
    }

    @Test func sealingIsRandomised() throws {
        let key = try SecretBytes.random(count: 32)
        let a = try SealedBox.seal([1, 2, 3], key: key, generation: 1, context: context)
        let b = try SealedBox.seal([1, 2, 3], key: key, generation: 1, context: context)
        #expect(a != b)
        let recipient = try X25519.PrivateKey.generate()
        let c = try SealedBox.seal([1, 2, 3], to: recipient.publicKey, context: context)
        let d = try SealedBox.seal([1, 2, 3], to: recipient.publicKey, context: context)
        #expect(c != d)
        // A fresh ephemeral key each time.
        #expect(c[6..<38] != d[6..<38])
    }

    @Test func headerReportsAlgorithmAndGeneration() throws {
        for generation: UInt32 in [0, 1, 7, 0x0102_0304, .max] {
            let (_, box) = try symmetricBox([9], generation: generation)
            let header = try SealedBox.header(of: box)
            #expect(header.algorithm == .symmetric)
            #expect(header.generation == generation)
        }
        let recipient = try X25519.PrivateKey.generate()
        let header = try SealedBox.header(of: try SealedBox.seal([9], to: recipient.publicKey, context: context))
        #expect(header.algorithm == .x25519)
        #expect(header.generation == nil)
    }

    @Test func headerRejectsMalformedBoxes() throws {
        let (_, box) = try symmetricBox([1, 2, 3])
        #expect(throws: SealedBoxError.notABox) { try SealedBox.header(of: []) }
        #expect(throws: SealedBoxError.notABox) { try SealedBox.header(of: Array("EVSB".utf8)) }
        #expect(throws: SealedBoxError.notABox) { try SealedBox.header(of: box.unitFlipping(at: 0)) }
        #expect(throws: SealedBoxError.unsupportedVersion(2)) { try SealedBox.header(of: box.unitFlipping(at: 4, mask: 0x03)) }
        #expect(throws: SealedBoxError.unknownAlgorithm(9)) {
            var copy = box
            copy[5] = 9
            return try SealedBox.header(of: copy)
        }
        #expect(throws: SealedBoxError.truncated) { try SealedBox.header(of: Array(box.prefix(6 + 4 + 12 + 15))) }
    }

    @Test func wrongContextOrKeyFails() throws {
        let (key, box) = try symmetricBox([1, 2, 3])
        #expect(throws: CryptoError.authenticationFailed) { try SealedBox.open(box, key: key, context: context + "x") }
        #expect(throws: CryptoError.authenticationFailed) { try SealedBox.open(box, key: key, context: "") }
        #expect(throws: CryptoError.authenticationFailed) {
            try SealedBox.open(box, key: try SecretBytes.random(count: 32), context: self.context)
        }
        let recipient = try X25519.PrivateKey.generate()
        let sealed = try SealedBox.seal([1, 2, 3], to: recipient.publicKey, context: context)
        #expect(throws: CryptoError.authenticationFailed) { try SealedBox.open(sealed, with: recipient, context: "other") }
        #expect(throws: CryptoError.authenticationFailed) {
            try SealedBox.open(sealed, with: try X25519.PrivateKey.generate(), context: self.context)
        }
        // Each algorithm's box refuses the other's opener.
        #expect(throws: SealedBoxError.wrongAlgorithm) { try SealedBox.open(box, with: recipient, context: self.context) }
        #expect(throws: SealedBoxError.wrongAlgorithm) { try SealedBox.open(sealed, key: key, context: self.context) }
    }

    /// Every single byte of a box is covered: header (as additional data), ephemeral key,
    /// nonce, ciphertext and tag.
    @Test func anyFlippedByteFails() throws {
        let (key, box) = try symmetricBox(Array("a secret of some length".utf8))
        for index in box.indices {
            for mask: UInt8 in [0x01, 0x80] {
                let tampered = box.unitFlipping(at: index, mask: mask)
                #expect(throws: (any Error).self, "symmetric byte \(index)") {
                    try SealedBox.open(tampered, key: key, context: self.context)
                }
            }
        }
        let recipient = try X25519.PrivateKey.generate()
        let sealed = try SealedBox.seal(Array("a secret of some length".utf8), to: recipient.publicKey, context: context)
        for index in sealed.indices {
            for mask: UInt8 in [0x01, 0x80] {
                let tampered = sealed.unitFlipping(at: index, mask: mask)
                #expect(throws: (any Error).self, "x25519 byte \(index)") {
                    try SealedBox.open(tampered, with: recipient, context: self.context)
                }
            }
        }
    }

    @Test func truncationAndExtensionFail() throws {
        let (key, box) = try symmetricBox(Array("abcdefgh".utf8))
        for length in 0..<box.count {
            #expect(throws: (any Error).self, "truncated to \(length)") {
                try SealedBox.open(Array(box.prefix(length)), key: key, context: self.context)
            }
        }
        #expect(throws: (any Error).self) { try SealedBox.open(box + [0], key: key, context: self.context) }
        let recipient = try X25519.PrivateKey.generate()
        let sealed = try SealedBox.seal(Array("abcdefgh".utf8), to: recipient.publicKey, context: context)
        for length in 0..<sealed.count {
            #expect(throws: (any Error).self, "truncated to \(length)") {
                try SealedBox.open(Array(sealed.prefix(length)), with: recipient, context: self.context)
            }
        }
    }

    /// The generation is part of the authenticated header: relabelling a box fails.
    @Test func relabelledGenerationFails() throws {
        let (key, box) = try symmetricBox([1], generation: 1)
        var relabelled = box
        relabelled[9] = 2
        #expect(try SealedBox.header(of: relabelled).generation == 2)
        #expect(throws: CryptoError.authenticationFailed) { try SealedBox.open(relabelled, key: key, context: self.context) }
    }

    // MARK: PassphraseBox

    private let parameters = Scrypt.Parameters(logN: 10)

    private func fields(_ members: [String: JSONValue]) throws -> JSONFields {
        try JSONFields(.object(members), what: "test box")
    }

    @Test func passphraseRoundTripAndWrongPassphrase() throws {
        let secret = try SecretBytes.random(count: 32)
        let members = try PassphraseBox.seal(secret, passphrase: "correct horse battery staple", parameters: parameters,
                                             context: context)
        let opened = try PassphraseBox.open(try fields(members), passphrase: "correct horse battery staple", context: context)
        #expect(opened.isEqual(to: secret))
        #expect(throws: CryptoError.authenticationFailed) {
            try PassphraseBox.open(try self.fields(members), passphrase: "correct horse battery stapl", context: self.context)
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try PassphraseBox.open(try self.fields(members), passphrase: "correct horse battery staple", context: "other")
        }
        #expect(try PassphraseBox.parameters(of: try fields(members)) == parameters)
        let kdf = members["kdf"]?.objectValue
        #expect(kdf?["name"] == "scrypt")
        #expect(kdf?["logN"] == 10)
        #expect(kdf?["r"] == 8)
        #expect(kdf?["p"] == 1)
        #expect(Base64.decode(kdf?["salt"]?.stringValue ?? "")?.count == 16)
        // The stored members survive canonical JSON.
        let reparsed = try JSONParser.parseCanonical(CanonicalJSON.encode(.object(members)))
        #expect(try PassphraseBox.open(JSONFields(reparsed, what: "x"), passphrase: "correct horse battery staple",
                                       context: context).isEqual(to: secret))
    }

    @Test func passphrasesAreNFCNormalised() throws {
        let secret = try SecretBytes.random(count: 16)
        let precomposed = "caf\u{e9} \u{c5}ngstr\u{f6}m"
        let decomposed = "cafe\u{301} A\u{30a}ngstro\u{308}m"
        #expect(Array(precomposed.utf8) != Array(decomposed.utf8))
        let members = try PassphraseBox.seal(secret, passphrase: decomposed, parameters: parameters, context: context)
        #expect(try PassphraseBox.open(try fields(members), passphrase: precomposed, context: context).isEqual(to: secret))
        #expect(try PassphraseBox.open(try fields(members), passphrase: decomposed, context: context).isEqual(to: secret))
        let other = try PassphraseBox.seal(secret, passphrase: precomposed, parameters: parameters, context: context)
        #expect(try PassphraseBox.open(try fields(other), passphrase: decomposed, context: context).isEqual(to: secret))
        // Normalisation is NFC, not a compatibility fold: "ﬁ" is not "fi".
        let ligature = try PassphraseBox.seal(secret, passphrase: "\u{fb01}", parameters: parameters, context: context)
        #expect(throws: CryptoError.authenticationFailed) {
            try PassphraseBox.open(try self.fields(ligature), passphrase: "fi", context: self.context)
        }
        #expect(PassphraseBox.normalise(decomposed) == Array(precomposed.utf8))
    }

    /// A tampered file asking for absurd scrypt parameters is refused before scrypt runs
    /// (a FormatError, not a CryptoError from OpenSSL, and quickly).
    @Test func outOfRangeKDFParametersAreRefused() throws {
        let secret = try SecretBytes.random(count: 16)
        let members = try PassphraseBox.seal(secret, passphrase: "pw", parameters: parameters, context: context)
        guard case .object(var kdf)? = members["kdf"] else { Issue.record("no kdf"); return }
        for (name, value) in [("logN", 40), ("logN", 23), ("logN", 9), ("logN", 0), ("logN", -1), ("r", 0), ("r", 33),
                              ("r", 1 << 40), ("p", 0), ("p", 17), ("p", -1)] as [(String, Int64)] {
            let original = kdf[name]
            kdf[name] = .int(value)
            var tampered = members
            tampered["kdf"] = .object(kdf)
            let start = Date()
            #expect(throws: FormatError.self, "\(name) = \(value)") {
                try PassphraseBox.open(try self.fields(tampered), passphrase: "pw", context: self.context)
            }
            #expect(Date().timeIntervalSince(start) < 1, "\(name) = \(value) took too long")
            kdf[name] = original
        }
    }

    @Test func malformedPassphraseBoxesAreFormatErrors() throws {
        let secret = try SecretBytes.random(count: 16)
        let members = try PassphraseBox.seal(secret, passphrase: "pw", parameters: parameters, context: context)
        var unknownKDF = members
        unknownKDF["kdf"] = ["name": "argon2", "logN": 10, "r": 8, "p": 1, "salt": "AAAAAAAAAAAAAAAAAAAAAA=="]
        var noKDF = members
        noKDF["kdf"] = nil
        var badSealed = members
        badSealed["sealed"] = "not base64!"
        var stringLogN = members
        if case .object(var kdf)? = members["kdf"] {
            kdf["logN"] = "10"
            stringLogN["kdf"] = .object(kdf)
        }
        for (label, broken) in [("unknown kdf", unknownKDF), ("no kdf", noKDF), ("bad sealed", badSealed),
                                ("string logN", stringLogN)] {
            #expect(throws: FormatError.self, "\(label)") {
                try PassphraseBox.open(try self.fields(broken), passphrase: "pw", context: self.context)
            }
        }
    }
}
