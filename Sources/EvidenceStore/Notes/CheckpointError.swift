/// Why a checkpoint was refused.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The note text is not a well-formed checkpoint body.
    case malformedCheckpoint(String)
    /// The signing key's name is not the checkpoint's origin.
    case originMismatch(origin: String, keyName: String)

    public var description: String {
        switch self {
        case .malformedCheckpoint(let detail):
            "malformed checkpoint: \(detail)"
        case .originMismatch(let origin, let keyName):
            "checkpoint origin \(origin.debugDescription) does not match the log key name \(keyName.debugDescription)"
        }
    }
}
