import Foundation
import SearchBenchKit

// SearchBench: measures the SearchIndex library (quality on Cranfield, indexing rate and
// query latency on a generated corpus). A benchmark, not a test: scripts/bench-search.sh
// runs it beside the Python references (plain Xapian, SQLite FTS5) and compares.

do {
    try BenchCommand.run(Array(CommandLine.arguments.dropFirst()))
} catch let error as BenchError {
    FileHandle.standardError.write(Data("SearchBench: \(error)\n".utf8))
    exit(error.exitCode)
} catch {
    FileHandle.standardError.write(Data("SearchBench: \(error)\n".utf8))
    exit(1)
}
