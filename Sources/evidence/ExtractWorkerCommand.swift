import ArgumentParser
import Foundation
import SearchIndex
#if canImport(Glibc)
import Glibc
#endif

/// The extraction child: started by the indexer, never by people. It reads files on stdin
/// and answers with their text on stdout, under its own memory limit, holding no key and
/// no passphrase (its environment is scrubbed by the parent).
struct ExtractWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__extract",
        abstract: "Internal: the text-extraction child process.",
        shouldDisplay: false
    )

    /// Address space the child may use: room for a 256 MiB file, its text and the
    /// extractors' working memory; a decompression bomb hits this before the host suffers.
    static let memoryLimit: UInt64 = 3 << 30

    @Flag(name: .long, help: .hidden)
    var testFaults = false

    /// OCR's settings, passed by the indexing side (Indexing.ocrArguments).
    @Option(name: .long, help: .hidden)
    var ocrLanguages: String?
    @Option(name: .long, help: .hidden)
    var tessdata: String?
    @Option(name: .long, help: .hidden)
    var ocrSeconds: Double?

    func run() throws {
        ExtractionWorker.limitResources(memoryBytes: Self.memoryLimit)
        let faults = testFaults
        var limits = ExtractionLimits()
        if let ocrLanguages { limits.ocr.languages = ocrLanguages }
        limits.ocr.dataPath = tessdata
        if let ocrSeconds, ocrSeconds > 0 { limits.ocr.budgetSeconds = ocrSeconds }
        ExtractionWorker.serve { bytes, name, mediaType in
            if faults {
                if bytes.starts(with: Array("EVIDENCE-TEST-HANG".utf8)) {
                    while true { sleep(60) }
                }
                if bytes.starts(with: Array("EVIDENCE-TEST-CRASH".utf8)) { abort() }
            }
            return Extractors.extract(bytes, name: name, mediaType: mediaType, limits: limits)
        }
    }
}
