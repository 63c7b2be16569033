import Foundation
import Testing
@testable import EvidenceStore

/// Where the Merkle vectors live: `Tests/Fixtures/vectors/merkle` (see its README),
/// found from this file's own path so that the tests work from any working directory.
enum MerkleVectors {
    static let directory: URL? = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        // Tests/EvidenceStoreTests/… → walk up to the folder that holds Package.swift.
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                let vectors = folder.appendingPathComponent("Tests/Fixtures/vectors/merkle")
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: vectors.path, isDirectory: &isDirectory)
                return exists && isDirectory.boolValue ? vectors : nil
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()

    static var available: Bool { directory != nil }

    static func url(_ relative: String) throws -> URL {
        guard let directory else { throw MerkleTestDataError("Tests/Fixtures/vectors/merkle is absent") }
        return directory.appendingPathComponent(relative)
    }
}

struct MerkleTestDataError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Byte helpers for the Merkle tests (namespaced so they can't clash with other test files).
enum MerkleTestBytes {
    /// Bytes from hex text; throws on odd length or a non-hex character (test data is input too).
    static func fromHex(_ hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw MerkleTestDataError("odd-length hex: \(hex)") }
        func nibble(_ c: UInt8) throws -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: throw MerkleTestDataError("not hex: \(hex)")
            }
        }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: digits.count, by: 2) {
            bytes.append(try nibble(digits[i]) << 4 | nibble(digits[i + 1]))
        }
        return bytes
    }

    static func fromBase64(_ base64: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: base64) else { throw MerkleTestDataError("bad base64: \(base64)") }
        return [UInt8](data)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Leaf hashes of `count` random entries of 1…64 bytes.
    static func randomLeafHashes(count: Int, seed: UInt64) throws -> [[UInt8]] {
        var rng = MerkleTestRNG(seed: seed)
        var leaves: [[UInt8]] = []
        for _ in 0..<count {
            let length = Int.random(in: 1...64, using: &rng)
            let entry = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            leaves.append(try Merkle.leafHash(entry))
        }
        return leaves
    }
}

/// A small deterministic generator (SplitMix64), so a failing random tree can be reproduced from its seed.
struct MerkleTestRNG: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// RFC 9162 written as literally as possible (recursion over sub-lists), as an oracle for the
/// library's iterative code. Slow but obviously right; only used on small trees.
enum MerkleReference {
    static func largestPowerOfTwoBelow(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[n]) over leaf hashes.
    static func mth(_ leaves: ArraySlice<[UInt8]>) throws -> [UInt8] {
        switch leaves.count {
        case 0: return try Merkle.emptyRoot()
        case 1: return leaves[leaves.startIndex]
        default:
            let k = largestPowerOfTwoBelow(leaves.count)
            let split = leaves.startIndex + k
            return try Merkle.nodeHash(mth(leaves[..<split]), mth(leaves[split...]))
        }
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) throws -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = largestPowerOfTwoBelow(leaves.count)
        let split = leaves.startIndex + k
        if m < k { return try path(m, leaves[..<split]) + [mth(leaves[split...])] }
        return try path(m - k, leaves[split...]) + [mth(leaves[..<split])]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true), for 0 < m < n.
    static func proof(_ m: Int, _ leaves: ArraySlice<[UInt8]>) throws -> [[UInt8]] {
        try subproof(m, leaves, true)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ b: Bool) throws -> [[UInt8]] {
        if m == leaves.count { return b ? [] : [try mth(leaves)] }
        let k = largestPowerOfTwoBelow(leaves.count)
        let split = leaves.startIndex + k
        if m <= k { return try subproof(m, leaves[..<split], b) + [mth(leaves[split...])] }
        return try subproof(m - k, leaves[split...], false) + [mth(leaves[..<split])]
    }
}
