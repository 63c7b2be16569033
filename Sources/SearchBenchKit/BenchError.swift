/// A failure of the search benchmark, as one sentence.
public enum BenchError: Error, CustomStringConvertible {
    /// Wrong command line (exit 64).
    case usage(String)
    /// Input that cannot be read or parsed (exit 65).
    case badInput(String)
    /// Something that should work did not, e.g. a query of the mix failed (exit 1).
    case failed(String)

    public var description: String {
        switch self {
        case .usage(let s), .badInput(let s), .failed(let s): return s
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .badInput: return 65
        case .failed: return 1
        }
    }
}
