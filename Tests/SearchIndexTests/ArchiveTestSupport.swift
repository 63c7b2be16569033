import Foundation
@testable import SearchIndex

/// The archives of Tests/Fixtures/corpora/extraction/archives (made by its make.sh), and
/// hostile ones written at test time with Python's zipfile.
enum ArchiveFiles {
    static let folder = ExtractFiles.existing(ExtractFiles.fixtures?.appendingPathComponent("archives"))

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let folder else { throw ZipTestTools.ProcessFailure(description: "the archive fixtures are missing") }
        return try ExtractFiles.bytes(folder.appendingPathComponent(name))
    }

    /// The fixture through the dispatcher, as the index extracts it.
    static func extract(_ name: String, limits: ExtractionLimits = ExtractionLimits()) throws -> ExtractedDocument {
        Extractors.extract(try bytes(name), name: name, mediaType: nil, limits: limits)
    }

    /// A child by its member path.
    static func member(_ path: String, of document: ExtractedDocument) -> ExtractedChild? {
        document.children.first { $0.name == path }
    }

    /// A member's own text, extracted from its bytes as its item's will be.
    static func text(of child: ExtractedChild) -> String {
        Extractors.extract(child.bytes, name: child.name, mediaType: child.mediaType).text
    }

    /// Writes an archive with Python (`path` is where the script writes) and returns its bytes.
    static func python(_ body: String) throws -> [UInt8] {
        let directory = try ZipTestTools.temporaryDirectory("archive")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("made.bin").path
        try ZipTestTools.python("import io, struct, sys, tarfile, zipfile, zlib\npath = sys.argv[1]\n" + body, [path])
        return try ZipTestTools.bytes(URL(fileURLWithPath: path))
    }
}
