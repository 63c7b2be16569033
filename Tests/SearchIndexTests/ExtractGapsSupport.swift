import Foundation
@testable import SearchIndex

/// The files of Tests/Fixtures/corpora/extraction/gaps, extracted as the index would.
enum ExtractGaps {
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let folder = ExtractFiles.gaps else { throw ZipTestTools.ProcessFailure(description: "the gaps fixtures are missing") }
        return try ExtractFiles.bytes(folder.appendingPathComponent(name))
    }

    static func extract(_ name: String, mediaType: String? = nil) throws -> ExtractedDocument {
        Extractors.extract(try bytes(name), name: name, mediaType: mediaType)
    }

    /// The text's lines that hold something: blank lines are layout, not words.
    static func lines(_ document: ExtractedDocument) -> [String] {
        document.text.split(separator: "\n").map { String($0).trimmingOfficeWhitespace() }.filter { !$0.isEmpty }
    }

    static func count(_ word: String, in document: ExtractedDocument) -> Int {
        document.text.components(separatedBy: word).count - 1
    }
}
