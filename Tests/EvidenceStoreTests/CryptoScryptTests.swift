import Testing
@testable import EvidenceStore

/// scrypt known answers. Source: RFC 7914 §12, "Test Vectors for scrypt" (the first three;
/// the fourth, N = 1048576, needs 1 GiB and is left out to keep the suite fast).
@Suite struct CryptoScryptTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let password: String
        let salt: String
        let logN: Int
        let r: Int
        let p: Int
        let dk: String
        var testDescription: String { name }
    }

    /// RFC 7914 §12: scrypt(P="", S="", N=16, r=1, p=1, dkLen=64). N = 16 is below the
    /// store's `logNRange` (2^10...2^20), so it can only go through the internal entry point.
    static let rfcVector1 = Vector(
        name: "RFC 7914 §12 #1 (N=16)", password: "", salt: "", logN: 4, r: 1, p: 1,
        dk: """
            77 d6 57 62 38 65 7b 20 3b 19 ca 42 c1 8a 04 97
            f1 6b 48 44 e3 07 4a e8 df df fa 3f ed e2 14 42
            fc d0 06 9d ed 09 48 f8 32 6a 75 3a 0f c8 1f 17
            e8 d3 e0 fb 2e 0d 36 28 cf 35 e2 0c 38 d1 89 06
            """)

    /// RFC 7914 §12 vectors whose parameters lie inside `Scrypt.Parameters.isSupported`.
    static let supportedVectors: [Vector] = [
        // scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64)
        Vector(name: "RFC 7914 §12 #2 (N=1024, r=8, p=16)", password: "password", salt: "NaCl",
               logN: 10, r: 8, p: 16,
               dk: """
                   fd ba be 1c 9d 34 72 00 78 56 e7 19 0d 01 e9 fe
                   7c 6a d7 cb c8 23 78 30 e7 73 76 63 4b 37 31 62
                   2e af 30 d9 2e 22 a3 88 6f f1 09 27 9d 98 30 da
                   c7 27 af b9 4a 83 ee 6d 83 60 cb df a2 cc 06 40
                   """),
        // scrypt(P="pleaseletmein", S="SodiumChloride", N=16384, r=8, p=1, dkLen=64)
        Vector(name: "RFC 7914 §12 #3 (N=16384, r=8, p=1)", password: "pleaseletmein", salt: "SodiumChloride",
               logN: 14, r: 8, p: 1,
               dk: """
                   70 23 bd cb 3a fd 73 48 46 1c 06 cd 81 fd 38 eb
                   fd a8 fb ba 90 4f 8e 3e a9 b5 43 f6 54 5d a1 f2
                   d5 43 29 55 61 3f 0f cf 62 d4 97 05 24 2a 9a f9
                   e6 1e 85 dc 0d 65 1e 40 df cf 01 7b 45 57 58 87
                   """),
    ]

    @Test(arguments: supportedVectors)
    func knownAnswerThroughDerive(_ v: Vector) throws {
        let parameters = Scrypt.Parameters(logN: v.logN, r: v.r, p: v.p)
        #expect(parameters.isSupported)
        let dk = try Scrypt.derive(passphrase: CryptoKAT.ascii(v.password), salt: CryptoKAT.ascii(v.salt),
                                   parameters: parameters, length: 64)
        #expect(CryptoKAT.hex(dk.bytes) == CryptoKAT.hex(CryptoKAT.bytes(v.dk)))
    }

    /// The N = 16 vector through the internal, range-check-free entry point that `derive` itself
    /// calls after its check, so the OpenSSL call is the one the store uses.
    @Test func knownAnswerBelowSupportedRange() throws {
        let v = Self.rfcVector1
        let parameters = Scrypt.Parameters(logN: v.logN, r: v.r, p: v.p)
        #expect(!parameters.isSupported)
        let dk = try Scrypt.deriveWithoutRangeCheck(passphrase: [], salt: [], parameters: parameters, length: 64)
        #expect(CryptoKAT.hex(dk.bytes) == CryptoKAT.hex(CryptoKAT.bytes(v.dk)))
        // ...and the public entry point refuses the same parameters.
        let error = #expect(throws: CryptoError.self) {
            try Scrypt.derive(passphrase: [], salt: [], parameters: parameters, length: 64)
        }
        guard case .invalidInput = error else { Issue.record("\(String(describing: error))"); return }
    }

    /// Out-of-range parameters are refused by the wrapper's own check (`invalidInput`), before
    /// anything reaches OpenSSL (whose refusals would surface as `library`) and before any memory
    /// is committed. Includes values that would crash or overflow if they got as far as the
    /// arithmetic (negative log N, log N = 64).
    @Test(arguments: [
        (4, 8, 1), (9, 8, 1), (21, 8, 1), (23, 8, 1), (30, 8, 1), (64, 8, 1), (-1, 8, 1), (Int.min, 8, 1),
        (14, 0, 1), (14, 17, 1), (14, 33, 1), (14, -8, 1), (20, 16, 1),
        (14, 8, 0), (14, 8, 17), (14, 8, -1),
    ])
    func outOfRangeParametersAreRefused(logN: Int, r: Int, p: Int) throws {
        let parameters = Scrypt.Parameters(logN: logN, r: r, p: p)
        #expect(!parameters.isSupported)
        let error = #expect(throws: CryptoError.self) {
            try Scrypt.derive(passphrase: CryptoKAT.ascii("pw"), salt: CryptoKAT.ascii("salt"), parameters: parameters)
        }
        guard case .invalidInput = error else {
            Issue.record("expected invalidInput for logN \(logN), r \(r), p \(p); got \(String(describing: error))")
            return
        }
    }

    /// The edges of the accepted range are accepted (cheapest corners only).
    @Test func rangeEdgesAreSupported() throws {
        #expect(Scrypt.Parameters.logNRange == 10...20)
        #expect(Scrypt.Parameters(logN: 10, r: 1, p: 1).isSupported)
        #expect(Scrypt.Parameters(logN: 20).isSupported)
        #expect(Scrypt.Parameters(logN: 10, r: 16, p: 16).isSupported)
        // Beyond the caps: r above 16, or a set asking for more than 1 GiB.
        #expect(!Scrypt.Parameters(logN: 10, r: 32, p: 16).isSupported)
        #expect(!Scrypt.Parameters(logN: 20, r: 16, p: 1).isSupported)
        #expect(!Scrypt.Parameters(logN: -1).isSupported)
        let dk = try Scrypt.derive(passphrase: CryptoKAT.ascii("pw"), salt: CryptoKAT.ascii("salt"),
                                   parameters: Scrypt.Parameters(logN: 10, r: 1, p: 1))
        #expect(dk.count == 32)
    }

    /// The default output length is 32 and is a prefix of the 64-byte RFC output (PBKDF2 blocks).
    @Test func defaultLengthIsPrefix() throws {
        let v = Self.supportedVectors[1]
        let dk = try Scrypt.derive(passphrase: CryptoKAT.ascii(v.password), salt: CryptoKAT.ascii(v.salt),
                                   parameters: Scrypt.Parameters(logN: v.logN, r: v.r, p: v.p))
        #expect(dk.bytes == Array(CryptoKAT.bytes(v.dk).prefix(32)))
    }
}
