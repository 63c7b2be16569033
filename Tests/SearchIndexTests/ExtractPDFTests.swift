import Foundation
import Testing
@testable import SearchIndex

/// PDF text and properties through poppler, on hand-made PDFs and the Omega test file.
@Suite struct ExtractPDFTests {
    @Test func pagesInOrderWithProperties() {
        let bytes = ExtractPDFSupport.pdf(pages: ["Statement of witness", nil, "Second page text"], info: [
            "Title": "<FEFF00530074006100740065006D0065006E0074002003A3>",
            "Author": "(PC 1234 Smith)",
            "Subject": "(Burglary)",
            "CreationDate": "(D:20240305101112Z)",
            "ModDate": "(D:20240306090000+01'00')",
        ])
        let document = PDFExtractor.extract(bytes, limits: ExtractionLimits())
        #expect(document.outcome == .ok)
        #expect(document.text == "Statement of witness\nSecond page text")
        #expect(document.title == "Statement Σ")
        #expect(document.fields["author"] == "PC 1234 Smith")
        #expect(document.fields["subject"] == "Burglary")
        #expect(document.fields["created"] == "2024-03-05T10:11:12Z")
        #expect(document.fields["modified"] == "2024-03-06T08:00:00Z")
        #expect(document.dateMilliseconds == 1_709_633_472_000)
    }

    @Test func pagesWithoutTextAreAScanWithoutATextLayer() {
        let document = PDFExtractor.extract(ExtractPDFSupport.pdf(pages: [nil, nil]), limits: ExtractionLimits())
        #expect(document.outcome == .noTextLayer)
        #expect(document.text.isEmpty)
    }

    @Test func textLimitGivesPartialText() {
        var limits = ExtractionLimits()
        limits.maxTextBytes = 10
        let document = PDFExtractor.extract(ExtractPDFSupport.pdf(pages: ["Statement of witness", "More"]), limits: limits)
        #expect(document.outcome == .partial)
        #expect(document.text == "Statement")
    }

    @Test func notAPDF() {
        #expect(PDFExtractor.extract([], limits: ExtractionLimits()).outcome == .failed)
        let garbage = PDFExtractor.extract(Array("this is not a PDF at all".utf8), limits: ExtractionLimits())
        #expect(garbage.outcome == .failed)
        #expect(garbage.reason?.isEmpty == false)
        var small = ExtractionLimits()
        small.maxInputBytes = 100
        #expect(PDFExtractor.extract(ExtractPDFSupport.pdf(pages: ["x"]), limits: small).outcome == .failed)
    }

    /// Every prefix of a PDF: poppler reconstructs what it can; nothing crashes.
    @Test func truncatedPDFs() {
        let bytes = ExtractPDFSupport.pdf(pages: ["Statement of witness", "Second page text"])
        for cut in stride(from: 0, to: bytes.count, by: 9) {
            let document = PDFExtractor.extract(Array(bytes[..<cut]), limits: ExtractionLimits())
            #expect([.ok, .partial, .failed, .noTextLayer].contains(document.outcome))
        }
    }

    @Test
    func omegaTestFileExpectedTerms() throws {
        let expected = try #require(try ExtractOfficeCorpus.expectedTerms()["pdf/poppler.pdf"])
        let document = PDFExtractor.extract(try ExtractOfficeCorpus.bytes("pdf/poppler.pdf"), limits: ExtractionLimits())
        #expect(document.outcome == .ok)
        let missing = ExtractOfficeCorpus.missingTerms(expected, in: document)
        #expect(missing.isEmpty, "missing \(missing) in \(document.text)")
    }

    @Test func popplerIsLinked() {
        #expect(PDFExtractor.popplerVersion?.first?.isNumber == true)
    }
}
