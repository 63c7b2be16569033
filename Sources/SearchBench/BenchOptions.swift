import SearchBenchKit

/// Positional arguments and `--name value` options of one subcommand (plain parsing: the
/// tool needs no argument library for four subcommands).
struct BenchOptions {
    private(set) var positional: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// `flagNames` are options without a value (`--snippets`); every other `--name` takes one.
    init(_ arguments: [String], flagNames: Set<String> = []) throws {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a.hasPrefix("--") {
                let name = String(a.dropFirst(2))
                if flagNames.contains(name) {
                    flags.insert(name)
                } else {
                    guard i + 1 < arguments.count else { throw BenchError.usage("--\(name) needs a value.") }
                    values[name] = arguments[i + 1]
                    i += 1
                }
            } else {
                positional.append(a)
            }
            i += 1
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func int(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text) else { throw BenchError.usage("--\(name) must be a whole number (got \(text)).") }
        return value
    }
}
