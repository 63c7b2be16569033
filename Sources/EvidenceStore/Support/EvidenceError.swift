/// The one error type users see: a single plain sentence and a sysexits(3) code.
///
/// Every failure that reaches the CLI (or, later, the server) is one of these, so that
/// scripts can rely on the exit status and people can act on the sentence.
public struct EvidenceError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Int32, Sendable {
        /// EX_USAGE: the command line was wrong.
        case usage = 64
        /// EX_DATAERR: the repository, a file or an input failed an integrity or format check.
        case data = 65
        /// EX_NOINPUT: no such path, item or case (or one the user may not see).
        case noInput = 66
        /// EX_IOERR: reading or writing failed (disk full, unreadable file).
        case io = 74
        /// EX_TEMPFAIL: another writer holds the repository.
        case busy = 75
        /// EX_NOPERM: wrong passphrase, unknown user, or an action the user may not take.
        case denied = 77
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var exitCode: Int32 { kind.rawValue }
    public var description: String { message }

    // Sentences used in more than one place, so that "does not exist" and "may not
    // see" are indistinguishable and the credential failure never says which part was wrong.
    public static let badCredentials = EvidenceError(.denied, "Wrong passphrase or unknown user.")

    public static func noSuchItem(_ id: String) -> EvidenceError {
        EvidenceError(.noInput, "No item \(id) exists in this repository.")
    }

    public static func noSuchCase(_ reference: String) -> EvidenceError {
        EvidenceError(.noInput, "No case \(reference) exists in this repository.")
    }
}
