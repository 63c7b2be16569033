import Foundation
import Testing
@testable import SearchIndex

/// Random and mutated archives: every one opens or fails with a `ZipError`, and what is read
/// stays within the declared sizes and the expansion budget.
@Suite struct ZipFuzzTests {
    static func samples() -> [[UInt8]] {
        var samples = [ZipTestTools.minimalDocx]
        for file in ["msxml/Doc.docx", "msxml/Book.xlsx", "opendoc/text.odt", "opendoc/spreadsheet.ods"] {
            if let bytes = try? ExtractOfficeCorpus.bytes(file) { samples.append(bytes) }
        }
        return samples
    }

    /// Opens and reads everything; returns how many entries were read.
    @discardableResult
    static func exercise(_ bytes: [UInt8], limits: ExtractionLimits) -> Int {
        guard var archive = try? ZipArchive(bytes, limits: limits) else { return 0 }
        var read = 0
        for entry in archive.entries {
            guard let data = try? archive.read(entry) else { continue }
            #expect(data.count == entry.uncompressedSize)
            read += 1
        }
        #expect(archive.expandedBytes <= limits.maxExpandedBytes)
        return read
    }

    @Test func randomBytes() {
        var random = ZipTestRandom(seed: 0x5A1F)
        let limits = ExtractionLimits()
        for iteration in 0..<3000 {
            var bytes = random.bytes(count: Int.random(in: 0...600, using: &random))
            // Half of them end in an end-of-central-directory record pointing into the noise.
            if iteration % 2 == 0 {
                bytes += [0x50, 0x4B, 0x05, 0x06] + random.bytes(count: 16) + [0, 0]
            }
            Self.exercise(bytes, limits: limits)
        }
    }

    @Test func mutatedRealArchives() {
        var random = ZipTestRandom(seed: 0xC0FFEE)
        var limits = ExtractionLimits()
        limits.maxExpandedBytes = 4 << 20
        let samples = Self.samples()
        var opened = 0
        for _ in 0..<3000 {
            let sample = samples[Int.random(in: 0..<samples.count, using: &random)]
            if Self.exercise(random.mutate(sample), limits: limits) > 0 { opened += 1 }
        }
        // The mutations must leave many archives readable, or the test exercises nothing.
        #expect(opened > 300)
    }
}
