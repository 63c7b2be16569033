import Foundation
import Testing
@testable import EvidenceStore

/// The 518 transparency-dev/merkle probes (testdata/, Apache-2.0) read from Tests/Fixtures at run time.
///
/// `inclusion/` and `consistency/` map one to one onto `Merkle.verifyInclusion` and
/// `Merkle.verifyConsistency`. `subtreeinclusion/` and `subtreeconsistency/` are the subtree-proof
/// variant (proofs about a range [start, end) rather than a prefix, from the Merkle Tree
/// Certificates draft); we don't implement that variant, so we check what it shares with ours:
/// - subtree inclusion of leaf i in [start, end) is, by construction of MTH(D[start:end]), plain
///   inclusion of leaf i - start in a tree of end - start leaves; invalid ranges (start not a
///   multiple of the smallest power of two ≥ end - start, leaf outside) must be error probes;
/// - subtree consistency from [0, end) is plain consistency from size end; an empty range
///   [s, s) proves nothing, like consistency from size 0; a non-empty range with start > 0 is
///   the part we don't implement, and every such probe is an invalid range that must be an
///   error probe (the test fails if a valid one ever appears, so it can't be skipped silently).
@Suite
struct MerkleVectorTests {
    /// Probes where our strictness (MerkleVerify: a hash must be exactly 32 bytes, and a size-0
    /// tree's root must be the empty-tree hash) overrides the probe's wantErr = false.
    /// Each names the error we expect instead, so no other failure can hide behind it.
    static let strictnessOverrides: [String: MerkleError] = [
        // Roots "don't care 2" are 12 bytes: equal sizes do not excuse malformed hashes.
        "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json":
            .hashWrongSize(what: "root1", count: 12),
        "subtreeconsistency/additional/sizes-are-equal-one-and-proof-is-empty.json":
            .hashWrongSize(what: "root1", count: 12),
        // Empty subtree (consistency from size 0) with a 12-byte "random" tree root.
        "subtreeconsistency/additional/subtree-is-empty-sizes-are-equal-one-subtree-root-valid-tree-root-random-proof-is-empty.json":
            .hashWrongSize(what: "root2", count: 12),
        "subtreeconsistency/additional/subtree-is-empty-sizes-are-equal-zero-subtree-root-valid-tree-root-random-proof-is-empty.json":
            .hashWrongSize(what: "root2", count: 12),
    ]

    static let probeFiles: [String] = {
        guard let root = try? MerkleVectors.url("transparency-dev"),
              let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test func allProbesArePresent() {
        #expect(Self.probeFiles.count == 518)
        for family in ["inclusion/", "consistency/", "subtreeinclusion/", "subtreeconsistency/"] {
            #expect(Self.probeFiles.contains { $0.hasPrefix(family) }, "no probes under \(family)")
        }
    }

    @Test func overridesAreAllPresent() {
        for name in Self.strictnessOverrides.keys { #expect(Self.probeFiles.contains(name), "\(name)") }
    }

    @Test(arguments: probeFiles)
    func probe(_ name: String) throws {
        let data = try Data(contentsOf: MerkleVectors.url("transparency-dev/" + name))
        let probe = try JSONDecoder().decode(MerkleProbe.self, from: data)
        let outcome: Result<Void, Error>
        switch name.split(separator: "/").first.map(String.init) {
        case "inclusion": outcome = Result { try Self.inclusion(probe) }
        case "consistency": outcome = Result { try Self.consistency(probe) }
        case "subtreeinclusion": outcome = Result { try Self.subtreeInclusion(probe) }
        case "subtreeconsistency": outcome = try Self.subtreeConsistency(probe, name: name)
        default: throw MerkleTestDataError("unknown probe family: \(name)")
        }

        if let expected = Self.strictnessOverrides[name] {
            #expect(probe.wantErr == false, "override only for probes that expect success")
            guard case let .failure(error) = outcome else {
                Issue.record("\(name): accepted, but our strictness rules require \(expected)")
                return
            }
            #expect(error as? MerkleError == expected, "\(name): \(error)")
            return
        }
        switch outcome {
        case .success:
            #expect(!probe.wantErr, "\(name) (\(probe.desc)): accepted but must fail")
        case let .failure(error):
            #expect(probe.wantErr, "\(name) (\(probe.desc)): rejected with “\(error)” but must pass")
            #expect(error is MerkleError || error is InvalidSubtree, "\(name): unexpected error type \(error)")
        }
    }

    // MARK: mapping each family onto our API

    static func inclusion(_ p: MerkleProbe) throws {
        try Merkle.verifyInclusion(
            leafIndex: p.require(p.leafIdx), treeSize: p.require(p.treeSize),
            leafHash: p.bytes(p.leafHash), proof: p.proofBytes(), root: p.bytes(p.root))
    }

    static func consistency(_ p: MerkleProbe) throws {
        try Merkle.verifyConsistency(
            size1: p.require(p.size1), size2: p.require(p.size2),
            root1: p.bytes(p.root1), root2: p.bytes(p.root2), proof: p.proofBytes())
    }

    /// A rejection of the range itself, thrown before any hashing.
    struct InvalidSubtree: Error {}

    static func subtreeInclusion(_ p: MerkleProbe) throws {
        let start = try p.require(p.start), end = try p.require(p.end), leaf = try p.require(p.leafIdx)
        guard Merkle.isSubtreeRange(start: start, end: end), (start..<end).contains(leaf) else { throw InvalidSubtree() }
        try Merkle.verifyInclusion(
            leafIndex: leaf - start, treeSize: end - start,
            leafHash: p.bytes(p.leafHash), proof: p.proofBytes(), root: p.bytes(p.root))
    }

    /// The outer Result is the mapped verification; the throw is for probes we can't map.
    static func subtreeConsistency(_ p: MerkleProbe, name: String) throws -> Result<Void, Error> {
        let start = try p.require(p.start), end = try p.require(p.end), size = try p.require(p.size)
        if start == end || start == 0 {
            // [s, s) is contained in every tree just as the empty prefix is: same rules as size1 = 0.
            let size1 = end - start
            return Result {
                try Merkle.verifyConsistency(
                    size1: size1, size2: size, root1: p.bytes(p.root1), root2: p.bytes(p.root2), proof: p.proofBytes())
            }
        }
        guard start < end, Merkle.isSubtreeRange(start: start, end: end) else {
            return .failure(InvalidSubtree())
        }
        throw MerkleTestDataError("\(name): a valid subtree consistency probe with start > 0; that variant is not implemented")
    }
}

/// One probe file; inclusion and consistency fields are all optional so one type reads all four families.
struct MerkleProbe: Decodable {
    var leafIdx: UInt64?
    var treeSize: UInt64?
    var start: UInt64?
    var end: UInt64?
    var size: UInt64?
    var size1: UInt64?
    var size2: UInt64?
    var root: String?
    var root1: String?
    var root2: String?
    var leafHash: String?
    var proof: [String]?
    var desc: String
    var wantErr: Bool

    func require<T>(_ value: T?) throws -> T {
        guard let value else { throw MerkleTestDataError("probe \(desc) lacks a field") }
        return value
    }

    func bytes(_ base64: String?) throws -> [UInt8] { try MerkleTestBytes.fromBase64(require(base64)) }

    /// `null` in the JSON means an empty proof.
    func proofBytes() throws -> [[UInt8]] { try (proof ?? []).map { try MerkleTestBytes.fromBase64($0) } }
}
