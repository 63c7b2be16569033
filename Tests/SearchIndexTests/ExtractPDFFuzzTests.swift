import Foundation
import Testing
@testable import SearchIndex

/// Mutated and random PDFs through poppler: every one ends, in time, with an outcome.
@Suite struct ExtractPDFFuzzTests {
    static func samples() -> [[UInt8]] {
        var samples = [ExtractPDFSupport.pdf(pages: ["Statement of witness", nil, "Second page"], info: ["Title": "(T)"])]
        if let bytes = try? ExtractOfficeCorpus.bytes("pdf/poppler.pdf") { samples.append(bytes) }
        // pypdf's PDFs only when an earlier run left them in the cache: this test never downloads.
        let cached = ExtractPDFCorpus.cache.appendingPathComponent("pypdf-\(ExtractPDFCorpus.version)/resources")
        for name in ["crazyones.pdf", "multilang.pdf", "hello-world.pdf", "encryption/r6-empty-password.pdf", "toy.pdf"] {
            if let bytes = try? ZipTestTools.bytes(cached.appendingPathComponent(name)) { samples.append(bytes) }
        }
        return samples
    }

    @Test func mutatedAndRandomPDFs() throws {
        var random = ZipTestRandom(seed: 0x9DF)
        var limits = ExtractionLimits()
        limits.maxTextBytes = 64 << 10
        let samples = Self.samples()
        var outcomes: [ExtractedDocument.Outcome: Int] = [:]
        for iteration in 0..<1200 {
            let bytes: [UInt8]
            if iteration % 6 == 0 {
                bytes = Array("%PDF-1.7\n".utf8) + random.bytes(count: Int.random(in: 0...2000, using: &random))
            } else {
                bytes = random.mutate(samples[Int.random(in: 0..<samples.count, using: &random)])
            }
            // Pages without text are rendered and OCR'd in one iteration of 20: enough to shake
            // poppler's renderer with broken files, without paying Tesseract 1,200 times.
            limits.ocr.maxPages = iteration % 20 == 0 ? 100 : 0
            let document = try #require(ExtractPDFSupport.extract(bytes, limits: limits, seconds: 20),
                                        "iteration \(iteration) did not finish in 20 s")
            #expect(document.text.utf8.count <= limits.maxTextBytes)
            if document.outcome == .failed || document.outcome == .partial { #expect(document.reason?.isEmpty == false) }
            outcomes[document.outcome, default: 0] += 1
        }
        #expect((outcomes[.ok] ?? 0) > 100)
        print("PDF fuzz outcomes: \(outcomes.sorted { $0.key.rawValue < $1.key.rawValue })")
    }
}
