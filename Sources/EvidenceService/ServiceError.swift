import EvidenceSearch
import EvidenceStore
import SearchIndex

/// A failure as the service reports it: what kind of failure (which a front end maps to an
/// exit status or an HTTP status), one sentence for the person, and the request field at
/// fault when there is one. The sentence names no command-line flag: the CLI and the
/// server word their own hints.
public struct ServiceError: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The request was malformed or incomplete.
        case invalidRequest
        /// The repository, a file or an upload failed an integrity or format check.
        case integrity
        /// No such item or case, or one the user may not see (indistinguishable on purpose).
        case notFound
        /// Reading or writing storage failed.
        case storage
        /// Another writer holds the repository; try again.
        case busy
        /// The user may not do this.
        case denied
        /// No valid sign-in: unknown or expired context, wrong passphrase or unknown user.
        case unauthenticated
        /// The request is sound but the record forbids it now: a legal hold, a retention
        /// rule, an item already disposed of. It may succeed once the record changes.
        case conflict
        /// An upload is larger than it declared, or than the service accepts.
        case tooLarge
    }

    public let kind: Kind
    public let message: String
    /// The request field at fault (e.g. "case", "item", "query"), when one is.
    public let field: String?
    /// The store's error this one reports, for a front end in the same process that words
    /// its own hints (the CLI names its flags and keeps its exit codes). Never encoded.
    public let storeError: EvidenceError?

    private enum CodingKeys: String, CodingKey {
        case kind, message, field
    }

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.init(kind, message, field: field, storeError: nil)
    }

    init(_ kind: Kind, _ message: String, field: String?, storeError: EvidenceError?) {
        self.kind = kind
        self.message = message
        self.field = field
        self.storeError = storeError
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode(Kind.self, forKey: .kind), try container.decode(String.self, forKey: .message),
                  field: try container.decodeIfPresent(String.self, forKey: .field))
    }

    /// Equal when a client would see the same failure: what is encoded.
    public static func == (lhs: ServiceError, rhs: ServiceError) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message && lhs.field == rhs.field
    }

    public var description: String { message }

    static let signedOut = ServiceError(.unauthenticated, "This sign-in has ended or expired; sign in again.")

    /// Runs checks of a request made before any work is handed to a thread (which maps its
    /// own errors), reporting what they throw as the service's errors.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw from(error)
        }
    }

    /// The store's and the index's errors as the service's.
    static func from(_ error: Error) -> ServiceError {
        switch error {
        case let error as ServiceError:
            return error
        case let error as EvidenceError:
            // The plain sentence: the CLI's names its flags, which mean nothing to a service client.
            if error == .badCredentials {
                return ServiceError(.unauthenticated, error.plainMessage, field: nil, storeError: error)
            }
            let kind = error.conflict ? .conflict : kind(of: error.kind)
            return ServiceError(kind, error.plainMessage, field: error.field?.key, storeError: error)
        case let error as IndexError:
            switch error {
            case .malformedQuery, .invalidRequest, .invalidDocument: return ServiceError(.invalidRequest, error.description, field: "query")
            case .busy: return ServiceError(.busy, error.description)
            case .corrupt: return ServiceError(.integrity, error.description)
            case .failed: return ServiceError(.storage, error.description)
            }
        case let error as FormatError:
            return ServiceError(.integrity, "The repository failed an integrity check: \(error.description).")
        case let error as CryptoError:
            return ServiceError(.integrity, "A cryptographic operation failed: \(error).")
        default:
            return ServiceError(.storage, "\(error)")
        }
    }

    static func kind(of kind: EvidenceError.Kind) -> Kind {
        switch kind {
        case .usage: return .invalidRequest
        case .data: return .integrity
        case .noInput: return .notFound
        case .io: return .storage
        case .busy: return .busy
        case .denied: return .denied
        }
    }
}
