/// Why a Merkle proof, hash or tile operation was rejected.
///
/// Each case names the one thing that failed, so that the ledger can turn it into a single
/// plain sentence (DESIGN.md, "Clear errors") without guessing.
public enum MerkleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A hash (`what`: "leaf hash", "root1", "proof[2]", …) is not exactly 32 bytes.
    case hashWrongSize(what: String, count: Int)
    /// The leaf index is not inside the tree.
    case indexBeyondSize(index: UInt64, size: UInt64)
    /// The proof has the wrong number of hashes for these sizes.
    case wrongProofLength(got: Int, want: Int)
    /// A proof that must be empty (equal sizes, or a consistency proof from size 0) is not.
    case proofNotEmpty(count: Int)
    /// The hash recomputed from the proof does not equal the given root (`what`: "root", "root1", "root2").
    case rootMismatch(what: String)
    /// A size-0 tree's root is not SHA-256("").
    case emptyTreeRootMismatch(what: String)
    /// A consistency proof was asked for from a larger tree to a smaller one.
    case sizesOutOfOrder(size1: UInt64, size2: UInt64)
    /// A range [start, end) is not a subtree that RFC 9162 proofs use (start must be a
    /// multiple of the smallest power of two ≥ end - start) or is empty/reversed where not allowed.
    case invalidRange(start: UInt64, end: UInt64)
    /// A perfect subtree (level, index) that is not complete inside a tree of this size, or a level above 63.
    case subtreeOutsideTree(level: Int, index: UInt64, treeSize: UInt64)
    /// A tile read from storage does not hold the number of hashes its path promises.
    case tileWrongWidth(path: String, got: Int, want: Int)

    public var description: String {
        switch self {
        case let .hashWrongSize(what, count):
            return "\(what) is \(count) bytes long, not \(Merkle.hashSize)"
        case let .indexBeyondSize(index, size):
            return "leaf index \(index) is beyond the tree size \(size)"
        case let .wrongProofLength(got, want):
            return "the proof has \(got) hashes where \(want) are needed"
        case let .proofNotEmpty(count):
            return "the proof must be empty here but has \(count) hashes"
        case let .rootMismatch(what):
            return "the proof does not lead to the expected \(what)"
        case let .emptyTreeRootMismatch(what):
            return "\(what) of an empty tree must be SHA-256 of the empty string"
        case let .sizesOutOfOrder(size1, size2):
            return "tree size \(size1) is larger than tree size \(size2)"
        case let .invalidRange(start, end):
            return "[\(start), \(end)) is not a subtree range of a Merkle tree"
        case let .subtreeOutsideTree(level, index, treeSize):
            return "perfect subtree at level \(level), index \(index) is not complete in a tree of size \(treeSize)"
        case let .tileWrongWidth(path, got, want):
            return "tile \(path) holds \(got) hashes where \(want) are expected"
        }
    }
}
