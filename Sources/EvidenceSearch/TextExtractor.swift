import SearchIndex

/// Turns a file's bytes into text: in production an `ExtractionClient` (a child process with
/// limits); in tests the in-process dispatcher.
public protocol TextExtractor: AnyObject {
    func extract(_ bytes: [UInt8], name: String?, mediaType: String?) -> ExtractedDocument
}

extension ExtractionClient: TextExtractor {}

/// The extractors run in this process: for tests and tools that handle only trusted files.
public final class InProcessExtractor: TextExtractor {
    public init() {}

    public func extract(_ bytes: [UInt8], name: String?, mediaType: String?) -> ExtractedDocument {
        Extractors.extract(bytes, name: name, mediaType: mediaType)
    }
}
