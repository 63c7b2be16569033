/// The one error type users see: a kind (a sysexits(3) code), a single sentence and the
/// request field at fault, if any.
///
/// Every failure that reaches the CLI (or the service and the server) is one of these, so
/// that scripts can rely on the exit status and people can act on the sentence. The sentence
/// is written once and rendered two ways: `message` as the CLI says it (naming its flags),
/// `plainMessage` with no flag in it for any other front end.
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
    public let text: ErrorText
    /// The request field at fault (the reason missing, the kind unknown), when one is.
    public let field: Field?
    /// The request is sound but the record forbids it now (a legal hold, a retention rule):
    /// the CLI says so by `kind`, as before; a server answers 409 Conflict.
    public private(set) var conflict = false

    /// A sentence that reads the same on every front end.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.text = ErrorText(segments: [.text(message)])
        self.field = nil
    }

    /// A sentence that names a field or words a hint per front end (see `ErrorText`).
    public init(_ kind: Kind, field: Field? = nil, _ text: ErrorText) {
        self.kind = kind
        self.text = text
        self.field = field
    }

    /// The sentence as the CLI prints it.
    public var message: String { text.cli }
    /// The sentence naming no CLI flag, for the service and the server.
    public var plainMessage: String { text.plain }

    /// Equal when a person would see the same failure on every front end: kind, both
    /// renderings and field (not how the sentence happens to be split into segments).
    public static func == (lhs: EvidenceError, rhs: EvidenceError) -> Bool {
        lhs.kind == rhs.kind && lhs.field == rhs.field && lhs.message == rhs.message && lhs.plainMessage == rhs.plainMessage
    }

    /// This error, marked as a conflict with the state of the record.
    public func conflicting() -> EvidenceError {
        var error = self
        error.conflict = true
        return error
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
