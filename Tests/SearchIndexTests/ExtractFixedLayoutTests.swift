import Foundation
import Testing
@testable import SearchIndex

/// XPS and OpenXPS (Glyphs' UnicodeString, pages in sequence order) and Visio drawings
/// (the Text of the shapes on each page).
@Suite(.enabled(if: ExtractFormats.folder != nil, "the formats fixtures are missing"))
struct ExtractFixedLayoutTests {
    @Test(arguments: ["manifest.xps", "manifest.oxps"])
    func xps(_ name: String) throws {
        let document = try ExtractFormats.extract(name)
        #expect(document.outcome == .ok, "\(document)")
        #expect(document.title == "Sea Wren cargo manifest")
        #expect(document.fields["author"] == "Harbour Constable Idris Mbeki")
        let lines = ExtractGaps.lines(document)
        // Glyphs on one baseline join into a line; "{}" escapes a leading brace.
        #expect(lines == ["Manifest of the trawler Sea Wren", "Cargo: twelve crates of cardamom",
                          "{sealed} by the harbour constable", "Second page: the quartermaster signed at noon"], "\(lines)")
    }

    @Test func xpsWithAMissingPageIsPartial() throws {
        let bytes = try ExtractFormats.bytes("manifest.xps")
        var archive = try ZipArchive(bytes)
        let kept = try archive.entries.filter { !$0.name.hasSuffix("2.fpage") }.map { ($0.name, try archive.read($0)) }
        let document = Extractors.extract(ZipTestTools.storedZip(kept), name: "manifest.xps", mediaType: nil)
        #expect(document.outcome == .partial && document.reason?.contains("2.fpage") == true, "\(document)")
        #expect(document.text.contains("cardamom"))
    }

    /// The vsdx package's own template, written by Visio (BSD-3-Clause, see the README).
    @Test func visioDrawing() throws {
        let document = try ExtractFormats.extract("vsdx-media.vsdx")
        #expect(document.outcome == .ok, "\(document)")
        #expect(document.fields["author"] == "Dave Howard")
        let lines = ExtractGaps.lines(document)
        #expect(lines.first == "Page-1", "\(lines)")
        for label in ["RECTANGLE", "CONNECTED_SHAPE", "STRAIGHT_CONNECTOR", "CURVED_CONNECTOR", "CIRCLE", "LINE"] {
            #expect(lines.contains(label), "\(label) missing from \(lines)")
        }
    }

    @Test func truncatedAndBombLimitedPackages() throws {
        for name in ["manifest.xps", "vsdx-media.vsdx", "exhibits.xlsb"] {
            let bytes = try ExtractFormats.bytes(name)
            let truncated = Extractors.extract(Array(bytes.prefix(bytes.count - 30)), name: name, mediaType: nil)
            #expect(truncated.outcome == .failed && truncated.reason?.isEmpty == false, "\(name): \(truncated)")
            let limited = Extractors.extract(bytes, name: name, mediaType: nil, limits: ExtractFormats.tightExpansion(1500))
            #expect(limited.outcome != .ok && limited.reason?.contains("limit") == true, "\(name): \(limited)")
        }
    }
}
