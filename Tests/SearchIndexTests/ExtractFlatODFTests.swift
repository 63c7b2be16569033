import Foundation
import Testing
@testable import SearchIndex

/// Flat OpenDocument (FODT, FODS, FODP): the ODF rules over the one XML file, never the
/// generic XML path (which would index styles and settings as text).
@Suite(.enabled(if: ExtractFormats.folder != nil, "the formats fixtures are missing"))
struct ExtractFlatODFTests {
    @Test func flatText() throws {
        let document = try ExtractFormats.extract("report.fodt")
        #expect(document.outcome == .ok, "\(document)")
        #expect(document.title == "Lantern Quay Surveillance Log")
        #expect(document.fields["author"] == "Priya Okonkwo")
        #expect(document.fields["created"] == "2024-03-14T09:30:00Z")
        for word in ["turquoise", "saxophone", "pomegranates", "marigold"] {
            #expect(ExtractWords.contains(word, in: document.text), "\(word) missing")
        }
        // Style names and settings are not text.
        for noise in ["Liberation", "PrinterName", "Standard"] {
            #expect(!document.text.contains(noise), "\(noise) in \(document.text)")
        }
    }

    @Test func flatSpreadsheetAndPresentation() throws {
        let sheet = try ExtractFormats.extract("ledger.fods")
        #expect(sheet.outcome == .ok, "\(sheet)")
        #expect(sheet.text.contains("hacksaw\tvermilion\t17"), "\(sheet.text)")
        #expect(sheet.text.contains("crowbar\tochre\t4"))
        let slides = try ExtractFormats.extract("briefing.fodp")
        #expect(slides.outcome == .ok, "\(slides)")
        #expect(slides.title == "Operation Kestrel Briefing")
        #expect(ExtractWords.contains("harbourmaster's", in: slides.text) && ExtractWords.contains("funicular", in: slides.text))
    }

    /// Recognised by content whatever the name or media type say, and kept from the text
    /// extractors' XML path by extension and by the flat-XML media types.
    @Test func recognisedByContentExtensionAndMediaType() throws {
        let bytes = try ExtractFormats.bytes("report.fodt")
        let renamed = Extractors.extract(bytes, name: "report.xml", mediaType: "application/xml")
        #expect(renamed.title == "Lantern Quay Surveillance Log" && !renamed.text.contains("Liberation"), "\(renamed.title ?? "")")
        #expect(TextExtractors.format(name: "a.fodt", mediaType: nil, bytes: Array("<?xml version=\"1.0\"?><x/>".utf8)) == nil)
        #expect(TextExtractors.format(name: "a.bin", mediaType: "application/vnd.oasis.opendocument.spreadsheet-flat-xml",
                                      bytes: []) == nil)
        #expect(TextExtractors.format(name: "a.xml", mediaType: nil, bytes: bytes) == nil)
        #expect(TextExtractors.format(name: "a.xml", mediaType: nil, bytes: Array("<?xml version=\"1.0\"?><x/>".utf8)) == .html)
    }

    @Test func truncatedFlatFileIsPartialWithAReason() throws {
        let bytes = try ExtractFormats.bytes("report.fodt")
        let cut = try #require(String(decoding: bytes, as: UTF8.self).range(of: "pomegranates"))
        let prefix = Array(String(decoding: bytes, as: UTF8.self)[..<cut.upperBound].utf8)
        let document = Extractors.extract(prefix, name: "report.fodt", mediaType: nil)
        #expect(document.outcome == .partial, "\(document)")
        #expect(document.reason?.contains("damaged") == true && document.reason?.contains("ends early") == true, "\(document)")
        #expect(ExtractWords.contains("turquoise", in: document.text))
        let garbage = Extractors.extract(Array("not xml at all".utf8), name: "x.fods", mediaType: nil)
        #expect(garbage.outcome != .ok || garbage.text.isEmpty, "\(garbage)")
    }
}
