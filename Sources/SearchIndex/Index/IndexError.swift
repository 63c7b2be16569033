/// Failures of the search index, each with one plain sentence.
public enum IndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query text cannot be parsed (the CLI's exit 64). `reason` is a sentence.
    case malformedQuery(query: String, reason: String)
    /// A request outside the bounds (limit, offset): a sentence (exit 64).
    case invalidRequest(String)
    /// A document that cannot be indexed (an empty or over-long item id): a sentence.
    case invalidDocument(String)
    /// Another process is writing this case's index (exit 75).
    case busy(path: String)
    /// The index is damaged or of an unknown format: rebuild it (exit 65).
    case corrupt(path: String, detail: String)
    /// Any other failure of the index (I/O, disk full): a sentence with Xapian's detail (exit 74).
    case failed(String)

    public var description: String {
        switch self {
        case .malformedQuery(let query, let reason):
            return "The search query \"\(query)\" cannot be understood: \(reason)"
        case .invalidRequest(let sentence), .invalidDocument(let sentence), .failed(let sentence):
            return sentence
        case .busy(let path):
            return "The search index at \(path) is being written by another process; try again when it has finished."
        case .corrupt(let path, let detail):
            return "The search index at \(path) is damaged (\(detail)); rebuild it with `evidence reindex`."
        }
    }
}

extension IndexError {
    /// Maps a Xapian failure met while working on `path`.
    static func from(_ failure: XapianFailure, path: String, doing action: String) -> IndexError {
        switch failure.type {
        case "DatabaseLockError":
            return .busy(path: path)
        case "DatabaseCorruptError", "DatabaseVersionError", "DatabaseFormatError":
            return .corrupt(path: path, detail: failure.message)
        default:
            return .failed("Could not \(action) the search index at \(path): \(failure.message).")
        }
    }

    /// Maps any error met while working on `path`: index errors pass through.
    static func from(_ error: any Error, path: String, doing action: String) -> IndexError {
        if let error = error as? IndexError { return error }
        if let failure = error as? XapianFailure { return from(failure, path: path, doing: action) }
        return .failed("Could not \(action) the search index at \(path): \(error).")
    }
}
