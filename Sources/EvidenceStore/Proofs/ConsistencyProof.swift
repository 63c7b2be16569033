/// The RFC 9162 consistency proof that the tree of `oldSize` entries is a prefix of the tree
/// of `newSize` entries: the log only grew (docs/VERIFICATION.md §3).
public struct ConsistencyProof: Sendable, Equatable {
    public let oldSize: UInt64
    public let oldRoot: [UInt8]
    public let newSize: UInt64
    public let newRoot: [UInt8]
    /// PROOF(oldSize, D[newSize]) of RFC 9162 §2.1.4.1.
    public let path: [[UInt8]]

    public init(oldSize: UInt64, oldRoot: [UInt8], newSize: UInt64, newRoot: [UInt8], path: [[UInt8]]) {
        self.oldSize = oldSize
        self.oldRoot = oldRoot
        self.newSize = newSize
        self.newRoot = newRoot
        self.path = path
    }

    /// Throws unless the path shows the old tree is a prefix of the new one.
    public func verify() throws {
        try Merkle.verifyConsistency(size1: oldSize, size2: newSize, root1: oldRoot, root2: newRoot, proof: path)
    }
}
