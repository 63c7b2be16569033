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
        arguments += ocrArguments(ProcessInfo.processInfo.environment, timeout: timeout)
        return .init(executable: "/proc/self/exe", arguments: arguments, timeout: timeout)
    }

    /// OCR's settings for the child, whose environment is scrubbed: the languages
    /// (EVIDENCE_OCR_LANGUAGES, "eng+deu"; English when unset), Tesseract's data folder
    /// (TESSDATA_PREFIX, when set) and its time budget per file. The budget is half the time
    /// a file may take, so that a long scan stops with the pages done (outcome partial)
    /// instead of the child being killed with nothing kept; the rest leaves room for
    /// decoding, rendering and the text layer.
    static func ocrArguments(_ environment: [String: String], timeout: TimeInterval) -> [String] {
        var arguments = ["--ocr-seconds", String(timeout / 2)]
        if let languages = environment["EVIDENCE_OCR_LANGUAGES"], !languages.isEmpty {
            arguments += ["--ocr-languages", languages]
        }
        if let dataPath = environment["TESSDATA_PREFIX"], !dataPath.isEmpty {
            arguments += ["--tessdata", dataPath]
        }
        return arguments
    }
}
