import Foundation
@testable import SearchIndex

/// The OCR fixtures (Tests/Fixtures/corpora/extraction/ocr; its README and make.sh say how
/// each was made) and the checks every OCR test shares.
enum OCRFiles {
    static let folder = ExtractFiles.existing(ExtractFiles.fixtures?.appendingPathComponent("ocr"))

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let folder else { throw CocoaError(.fileNoSuchFile) }
        return try ExtractFiles.bytes(folder.appendingPathComponent(name))
    }

    /// Extracts a fixture through the dispatcher, as the extraction child does.
    static func extract(_ name: String, mediaType: String? = nil, limits: ExtractionLimits = ExtractionLimits()) throws -> ExtractedDocument {
        Extractors.extract(try bytes(name), name: name, mediaType: mediaType, limits: limits)
    }

    /// The words of the text, lower-cased, as the index would see them.
    static func words(_ document: ExtractedDocument) -> Set<String> {
        Set(ExtractWords.words(document.text))
    }

    /// Limits with other OCR settings.
    static func limits(_ change: (inout OCRSettings) -> Void) -> ExtractionLimits {
        var limits = ExtractionLimits()
        change(&limits.ocr)
        return limits
    }
}
