import Foundation
import Testing
@testable import SearchIndex

/// PDF annotations through poppler-glib: notes and the comments on highlights are text, a
/// PDF whose only text they are is not a scan, and free text poppler draws into the page is
/// not given twice.
@Suite(.enabled(if: ExtractFiles.gaps != nil, "the gaps fixtures are missing"))
struct ExtractPDFAnnotationTests {
    @Test func annotationsAloneAreText() throws {
        let document = try #require(ExtractPDFSupport.extract(try ExtractGaps.bytes("annotations-only.pdf")))
        #expect(document.outcome == .ok, "\(document.outcome) \(document.reason ?? "")")
        // Contents, then author; the popup has none of its own.
        #expect(ExtractGaps.lines(document) == ["Check the Harrowgate CCTV timestamp", "DS Moreno",
                                                "Compare with the Ravensworth statement", "DC Lindqvist"])
    }

    @Test func annotationsFollowThePageTextOnce() throws {
        let document = try #require(ExtractPDFSupport.extract(try ExtractGaps.bytes("annotated.pdf")))
        #expect(document.outcome == .ok, "\(document.outcome) \(document.reason ?? "")")
        #expect(ExtractGaps.lines(document) == ["Witness statement page one", "Blue transit van parked here",
                                                "Check the Harrowgate CCTV timestamp", "DS Moreno"])
    }

    /// A filled-in form: the values of its text and choice fields are text (an MG11 statement
    /// is often a PDF form whose words are only in its fields).
    @Test func formFieldValuesAreText() throws {
        let document = try #require(ExtractPDFSupport.extract(try ExtractGaps.bytes("form.pdf")))
        #expect(document.outcome == .ok, "\(document.outcome) \(document.reason ?? "")")
        for word in ["Thistlewood", "Marlowe", "Kesgrave"] {
            #expect(document.text.contains(word), "\(word): \(ExtractGaps.lines(document))")
        }
        // Each value once, whether poppler draws it into the page or it comes from the field.
        #expect(document.text.components(separatedBy: "Thistlewood").count == 2, "\(ExtractGaps.lines(document))")
    }

    /// The hand-written PDFs of the other tests: a page without text or annotations is still a scan.
    @Test func noAnnotationsNoTextIsStillNoTextLayer() {
        let document = PDFExtractor.extract(ExtractPDFSupport.pdf(pages: [nil]))
        #expect(document.outcome == .noTextLayer)
    }
}
