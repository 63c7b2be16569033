/// The RFC 9162 inclusion proof of one ledger entry in a tree of `treeSize` entries, with
/// the entry itself, so that a reader can recompute its leaf hash (docs/VERIFICATION.md §3).
public struct InclusionProof: Sendable, Equatable {
    /// The entry's bytes exactly as the log holds them (canonical JSON).
    public let entry: [UInt8]
    /// SHA-256(0x00 ‖ entry).
    public let leafHash: [UInt8]
    /// The entry's index in the log, equal to its `seq`.
    public let leafIndex: UInt64
    public let treeSize: UInt64
    /// PATH(leafIndex, D[treeSize]) of RFC 9162 §2.1.3.1, lowest sibling first.
    public let auditPath: [[UInt8]]

    public init(entry: [UInt8], leafHash: [UInt8], leafIndex: UInt64, treeSize: UInt64, auditPath: [[UInt8]]) {
        self.entry = entry
        self.leafHash = leafHash
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.auditPath = auditPath
    }

    /// Throws unless the entry hashes to `leafHash` and the path leads to `root`.
    public func verify(root: [UInt8]) throws {
        guard try Merkle.leafHash(entry) == leafHash else {
            throw LedgerError.malformed("entry \(leafIndex) does not hash to the leaf hash given with it")
        }
        try Merkle.verifyInclusion(leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, proof: auditPath,
                                   root: root)
    }
}
