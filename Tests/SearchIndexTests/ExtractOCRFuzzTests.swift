import Foundation
import Testing
@testable import SearchIndex

/// Damaged images through leptonica and Tesseract: every one ends with an outcome, a failure
/// always with its reason, and the pixel limit holds whatever the header claims. Few
/// iterations: each intact-enough image costs a recognition.
@Suite("Extraction: damaged images", .enabled(if: OCRFiles.folder != nil, "the OCR fixtures are missing"))
struct ExtractOCRFuzzTests {
    @Test func mutatedImages() throws {
        let samples = try ["van.jpg", "receipt.gif", "locker.bmp", "warehouse.webp", "statement-pages.tif", "blank.png"]
            .map(OCRFiles.bytes)
        var random = ZipTestRandom(seed: 0x0C4)
        var limits = ExtractionLimits()
        limits.ocr.budgetSeconds = 5
        var outcomes: [ExtractedDocument.Outcome: Int] = [:]
        for iteration in 0..<36 {
            var bytes = random.mutate(samples[iteration % samples.count])
            // Mostly damage near the start, where the headers and dimensions are.
            if iteration % 2 == 0, bytes.count > 40 {
                let position = Int.random(in: 0..<40, using: &random)
                bytes[position] = UInt8.random(in: 0...255, using: &random)
            }
            let document = Extractors.extract(bytes, name: nil, mediaType: "image/unknown", limits: limits)
            if document.outcome != .ok { #expect(document.reason?.isEmpty == false, "iteration \(iteration): \(document.outcome)") }
            #expect(document.text.utf8.count <= limits.maxTextBytes)
            outcomes[document.outcome, default: 0] += 1
        }
        print("image fuzz outcomes: \(outcomes.sorted { $0.key.rawValue < $1.key.rawValue })")
    }
}
