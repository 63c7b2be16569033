// Reading the proofs `evidence prove` and `evidence custody report` print (docs/VERIFICATION.md
// §3, §4) and checking them the way an outsider would: with the verifier key obtained
// separately, SHA-256, and the RFC 9162 verification algorithms written out here from the
// RFC, rather than the store's own Merkle code, so that the two can't share a mistake.

import EvidenceStore
import Foundation
import Testing

/// One inclusion proof as printed.
struct PrintedInclusion {
    var seq: UInt64
    var leafIndex: UInt64
    var treeSize: UInt64
    var leafHash: [UInt8]
    var entry: [UInt8]
    var auditPath: [[UInt8]]

    init(seq: UInt64, leafIndex: UInt64, treeSize: UInt64, leafHash: [UInt8], entry: [UInt8], auditPath: [[UInt8]]) {
        self.seq = seq
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.leafHash = leafHash
        self.entry = entry
        self.auditPath = auditPath
    }

    /// One element of `prove --json`'s `proofs`.
    init(json proof: [String: Any]) throws {
        let seq = try #require(proof["seq"] as? Int)
        let leafIndex = try #require(proof["leafIndex"] as? Int)
        let treeSize = try #require(proof["treeSize"] as? Int)
        let leafHash = try #require(proof["leafHash"] as? String)
        let entry = try #require(proof["entry"] as? String)
        self.init(seq: UInt64(seq), leafIndex: UInt64(leafIndex), treeSize: UInt64(treeSize),
                  leafHash: try ProofTextParser.hex(leafHash), entry: try #require(Base64.decode(entry)),
                  auditPath: try (proof["auditPath"] as? [String] ?? []).map(ProofTextParser.hex))
    }

    /// Checks the leaf hash and the path against `root`; returns the entry as JSON.
    func verify(root: [UInt8]) throws -> [String: Any] {
        try #require(try OutsiderMerkle.leafHash(entry) == leafHash, "entry \(seq) does not hash to its leaf hash")
        #expect(leafIndex == seq)
        try #require(try OutsiderMerkle.inclusionHolds(index: leafIndex, size: treeSize, leaf: leafHash, path: auditPath,
                                                       root: root), "the audit path of entry \(seq) does not lead to the root")
        let object = try JSONSerialization.jsonObject(with: Data(entry)) as? [String: Any]
        let parsed = try #require(object, "entry \(seq) is not a JSON object")
        #expect(parsed["seq"] as? Int == Int(seq))
        return parsed
    }
}

/// What `evidence prove ITEM` printed (text form).
struct PrintedItemProofs {
    var verifierKey: String
    var checkpointSize: UInt64
    var checkpointRoot: [UInt8]
    var note: [UInt8]
    var proofs: [PrintedInclusion]

    init(parsing text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (fields, note, blocks) = try ProofTextParser.split(lines)
        verifierKey = try ProofTextParser.one("verifier-key", in: fields)
        checkpointSize = try #require(UInt64(try ProofTextParser.one("checkpoint-size", in: fields)))
        checkpointRoot = try ProofTextParser.hex(try ProofTextParser.one("checkpoint-root", in: fields))
        self.note = note
        proofs = try blocks.map { block in
            PrintedInclusion(
                seq: try #require(UInt64(try ProofTextParser.one("entry", in: block))),
                leafIndex: try #require(UInt64(try ProofTextParser.one("leaf-index", in: block))),
                treeSize: try #require(UInt64(try ProofTextParser.one("tree-size", in: block))),
                leafHash: try ProofTextParser.hex(try ProofTextParser.one("leaf-hash", in: block)),
                entry: try #require(Base64.decode(try ProofTextParser.one("entry-bytes", in: block))),
                auditPath: try (block["audit-path"] ?? []).map(ProofTextParser.hex))
        }
    }

    /// Verifies the checkpoint with `trustedKey` and every proof against it; returns the entries.
    func verify(trustedKey: String) throws -> [[String: Any]] {
        let checkpoint = try OutsiderMerkle.openCheckpoint(note, key: trustedKey)
        #expect(checkpoint.size == checkpointSize && checkpoint.rootHash == checkpointRoot)
        return try proofs.map { proof in
            #expect(proof.treeSize == checkpoint.size)
            return try proof.verify(root: checkpoint.rootHash)
        }
    }
}

/// What `evidence prove --consistency FILE` printed (text form).
struct PrintedConsistencyProof {
    var oldSize: UInt64
    var oldRoot: [UInt8]
    var newSize: UInt64
    var newRoot: [UInt8]
    var note: [UInt8]
    var proof: [[UInt8]]

    init(parsing text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (fields, note, _) = try ProofTextParser.split(lines)
        oldSize = try #require(UInt64(try ProofTextParser.one("old-size", in: fields)))
        oldRoot = try ProofTextParser.hex(try ProofTextParser.one("old-root", in: fields))
        newSize = try #require(UInt64(try ProofTextParser.one("new-size", in: fields)))
        newRoot = try ProofTextParser.hex(try ProofTextParser.one("new-root", in: fields))
        self.note = note
        proof = try (fields["proof"] ?? []).map(ProofTextParser.hex)
    }

    /// Verifies the new checkpoint with `trustedKey`, that the old checkpoint file is what was
    /// proven from, and the proof between them.
    func verify(trustedKey: String, oldCheckpoint: Data) throws {
        let new = try OutsiderMerkle.openCheckpoint(note, key: trustedKey)
        let old = try OutsiderMerkle.openCheckpoint([UInt8](oldCheckpoint), key: trustedKey)
        #expect(new.size == newSize && new.rootHash == newRoot && old.size == oldSize && old.rootHash == oldRoot)
        try #require(try OutsiderMerkle.consistencyHolds(size1: oldSize, size2: newSize, root1: oldRoot, root2: newRoot,
                                                         proof: proof), "the consistency proof does not verify")
    }
}

/// The line format of docs/VERIFICATION.md §3: `name: value` lines, the checkpoint between BEGIN and END, then
/// blocks separated by empty lines.
enum ProofTextParser {
    typealias Fields = [String: [String]]

    static func split(_ lines: [String]) throws -> (Fields, [UInt8], [Fields]) {
        var header: Fields = [:]
        var note: [String] = []
        var blocks: [Fields] = []
        var inNote = false
        var afterNote = false
        for line in lines {
            if line == "-----BEGIN CHECKPOINT-----" { inNote = true; continue }
            if line == "-----END CHECKPOINT-----" { inNote = false; afterNote = true; continue }
            if inNote { note.append(line); continue }
            if line.isEmpty {
                if afterNote { blocks.append([:]) }
                continue
            }
            guard let colon = line.range(of: ": ") else { continue }  // the heading sentence
            let name = String(line[..<colon.lowerBound]), value = String(line[colon.upperBound...])
            if afterNote, !blocks.isEmpty {
                blocks[blocks.count - 1][name, default: []].append(value)
            } else {
                header[name, default: []].append(value)
            }
        }
        try #require(!note.isEmpty, "no checkpoint between BEGIN and END lines")
        return (header, Array((note.joined(separator: "\n") + "\n").utf8), blocks.filter { !$0.isEmpty })
    }

    static func one(_ name: String, in fields: Fields) throws -> String {
        let values = fields[name] ?? []
        try #require(values.count == 1, "expected one \(name) line, found \(values.count)")
        return values[0]
    }

    static func hex(_ text: String) throws -> [UInt8] {
        try #require(Hex.decodeCanonical(text, count: 32), "not a 32-byte hex hash: \(text)")
    }
}

/// RFC 9162 §2.1.3.2 and §2.1.4.2, transcribed.
enum OutsiderMerkle {
    static func leafHash(_ entry: [UInt8]) throws -> [UInt8] { try SHA256.hash([0] + entry) }
    static func node(_ left: [UInt8], _ right: [UInt8]) throws -> [UInt8] { try SHA256.hash([1] + left + right) }

    static func inclusionHolds(index: UInt64, size: UInt64, leaf: [UInt8], path: [[UInt8]], root: [UInt8]) throws -> Bool {
        guard index < size else { return false }
        var fn = index, sn = size - 1, r = leaf
        for p in path {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = try node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = try node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    static func consistencyHolds(size1: UInt64, size2: UInt64, root1: [UInt8], root2: [UInt8], proof: [[UInt8]]) throws -> Bool {
        if size1 == size2 { return proof.isEmpty && root1 == root2 }
        guard size1 > 0, size1 < size2, !proof.isEmpty else { return false }
        var path = proof
        // 1. If size1 is an exact power of 2, prepend first_hash (the old root) to the path.
        if size1 & (size1 - 1) == 0 { path.insert(root1, at: 0) }
        var fn = size1 - 1, sn = size2 - 1
        // 3. While LSB(fn) is set, right-shift both.
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = try node(c, fr)
                sr = try node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = try node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == root1 && sr == root2 && sn == 0
    }

    /// Opens a signed checkpoint with a verifier key given as text.
    static func openCheckpoint(_ note: [UInt8], key: String) throws -> Checkpoint {
        try SignedCheckpoint.open(note, verifier: try NoteVerifierKey(parsing: key)).checkpoint
    }
}
