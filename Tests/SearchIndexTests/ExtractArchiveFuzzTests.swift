import Foundation
import Testing
@testable import SearchIndex

/// Byte-level mutations of real archives of every format libarchive reads here: no crash,
/// members within the limits, and a reason whenever the outcome is not ok.
@Suite(.enabled(if: ArchiveFiles.folder != nil, "the archive fixtures are missing"))
struct ExtractArchiveFuzzTests {
    @Test(arguments: ["evidence.zip", "evidence.tar.gz", "evidence.tar.bz2", "evidence.tar.xz", "evidence.7z",
                      "encrypted.zip", "libarchive-rar5-unicode.rar", "libarchive-rar4-unicode.rar", "memo.txt.xz"])
    func mutatedArchives(name: String) throws {
        let sample = try ArchiveFiles.bytes(name)
        var random = ZipTestRandom(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        var limits = ExtractionLimits()
        limits.maxExpandedBytes = 4 << 20
        limits.maxChildren = 50
        for _ in 0..<300 {
            let mutated = random.mutate(sample)
            guard let format = ArchiveFormat.detect(mutated, name: name, mediaType: nil) else { continue }
            let document = ArchiveExtractor.extract(mutated, format: format, name: name, limits: limits)
            #expect(document.children.count <= limits.maxChildren)
            #expect(document.children.reduce(0) { $0 + $1.bytes.count } <= limits.maxExpandedBytes)
            #expect(document.children.allSatisfy { $0.name.utf8.count <= 255 && $0.part == .member })
            if document.outcome != .ok { #expect(document.reason?.isEmpty == false, "\(name): \(document.outcome)") }
        }
    }
}
