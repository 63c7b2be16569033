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

    static func extractor() -> ExtractionClient {
        var arguments = ["__extract"]
        // Test hook (like EVIDENCE_FAULT_ENOSPC_AFTER_BYTES): lets tests make the child hang
        // or crash on marked files. It can only make extraction fail, never succeed.
        if ProcessInfo.processInfo.environment["EVIDENCE_EXTRACT_TEST_FAULTS"] == "1" { arguments.append("--test-faults") }
        return ExtractionClient(.init(executable: "/proc/self/exe", arguments: arguments, timeout: timeout))
    }

    static func indexer(_ session: Session) -> CaseIndexer {
        let indexer = CaseIndexer(session: session, extractor: extractor())
        let progress = ProgressLine("indexing")
        indexer.progress = { reference, done, total in
            if done == total { progress.finish() } else { progress.update("\(reference): \(done)/\(total)") }
        }
        return indexer
    }

    /// The index's failures as the store's: the same sentences and exit codes.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as IndexError {
            let kind: EvidenceError.Kind
            switch error {
            case .malformedQuery, .invalidRequest, .invalidDocument: kind = .usage
            case .busy: kind = .busy
            case .corrupt: kind = .data
            case .failed: kind = .io
            }
            throw EvidenceError(kind, error.description)
        }
    }
}
