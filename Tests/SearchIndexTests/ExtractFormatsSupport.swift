import Foundation
@testable import SearchIndex

/// The files of Tests/Fixtures/corpora/extraction/formats (EPUB, flat ODF, XPS, VSDX, XLSB and
/// the named unsupported formats; its README says how each was made), extracted as the index would.
enum ExtractFormats {
    static let folder = ExtractFiles.existing(ExtractFiles.fixtures?.appendingPathComponent("formats"))

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let folder else { throw ZipTestTools.ProcessFailure(description: "the formats fixtures are missing") }
        return try ExtractFiles.bytes(folder.appendingPathComponent(name))
    }

    static func extract(_ name: String, mediaType: String? = nil, limits: ExtractionLimits = ExtractionLimits()) throws -> ExtractedDocument {
        Extractors.extract(try bytes(name), name: name, mediaType: mediaType, limits: limits)
    }

    /// Limits whose expansion budget a file of `bytes` cannot meet: a zip bomb as the reader sees it.
    static func tightExpansion(_ bytes: Int) -> ExtractionLimits {
        var limits = ExtractionLimits()
        limits.maxExpandedBytes = bytes
        return limits
    }
}
