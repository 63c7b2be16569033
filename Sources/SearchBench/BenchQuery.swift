import Foundation
import SearchBenchKit

/// One query of the fixed mix (query-mix.json, written by scripts/bench/make_query_mix.py):
/// its kind (term, and, phrase, near, wildcard, field, date) and its text in Xapian
/// QueryParser syntax, which the product's Searcher and plain Xapian both read. (The file's
/// FTS5 translation is for the SQLite reference.)
struct BenchQuery: Decodable {
    let kind: String
    let xapian: String

    static func load(_ path: String) throws -> [BenchQuery] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.badInput("Cannot read \(path).")
        }
        do {
            return try JSONDecoder().decode([BenchQuery].self, from: data)
        } catch {
            throw BenchError.badInput("\(path) is not a list of {kind, xapian} queries: \(error)")
        }
    }
}
