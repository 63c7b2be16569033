/// What a storage implementation reports beyond its own I/O errors: the conditions a caller
/// acts on differently (a missing object, a refused key, a lost compare-and-swap).
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key or prefix is not one the stores accept (see `ObjectKey`), or a tile reference
    /// names no tile of the tlog-tiles layout.
    case invalidKey(String)
    /// No object under that key.
    case notFound(String)
    /// A byte range reaching past the object's end.
    case invalidRange(key: String, requested: Range<UInt64>, size: UInt64)
    /// An upload was used after its commit or abort.
    case uploadFinished
    /// A checkpoint whose bytes do not state the size it is published for, or that does not
    /// extend the tree it expects to replace.
    case invalidCheckpoint(String)
    /// The compare-and-swap of `publishCheckpoint` failed: the published checkpoint's size is
    /// `found` (nil when it cannot be read as a checkpoint), not the `expected` one, so another
    /// writer extended the tree first. Nothing was published.
    case checkpointConflict(expected: UInt64, found: UInt64?)

    public var description: String {
        switch self {
        case .invalidKey(let key): return "\"\(key)\" is not a valid storage key"
        case .notFound(let key): return "no object \(key)"
        case let .invalidRange(key, requested, size):
            return "bytes \(requested.lowerBound)..<\(requested.upperBound) lie beyond the \(size) bytes of \(key)"
        case .uploadFinished: return "the upload was already committed or aborted"
        case .invalidCheckpoint(let detail): return "invalid checkpoint: \(detail)"
        case let .checkpointConflict(expected, found):
            let now = found.map { "a checkpoint of size \($0)" } ?? "an unreadable checkpoint"
            return "the published checkpoint is \(now), not of size \(expected): another writer published first"
        }
    }
}
