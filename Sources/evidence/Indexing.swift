import EvidenceSearch
import EvidenceStore
import Foundation
import SearchIndex

/// How the CLI runs the indexer: extraction in a child process (this same binary, in its
/// hidden `__extract` mode) with a scrubbed environment and per-file time and memory limits.
enum Indexing {
    /// Seconds one file may take to extract (EVIDENCE_EXTRACT_TIMEOUT overrides, for tests
    /// and for slow machines).
    static var timeout: TimeInterval {
        ProcessInfo.processInfo.environment["EVIDENCE_EXTRACT_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 120
    }

    static func extractorConfiguration() -> ExtractionClient.Configuration {
        var arguments = ["__extract"]
        // Test hook (like EVIDENCE_FAULT_ENOSPC_AFTER_BYTES): lets tests make the child hang
        // or crash on marked files. It can only make extraction fail, never succeed.
        if ProcessInfo.processInfo.environment["EVIDENCE_EXTRACT_TEST_FAULTS"] == "1" { arguments.append("--test-faults") }
        return .init(executable: "/proc/self/exe", arguments: arguments, timeout: timeout)
    }
}
