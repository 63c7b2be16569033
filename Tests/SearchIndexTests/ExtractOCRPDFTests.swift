import Foundation
import Testing
@testable import SearchIndex

/// PDF pages without a text layer are rendered by poppler and read by OCR: a scanned PDF
/// becomes searchable, and a PDF with a mix keeps its text layer and adds the scanned page.
@Suite("Extraction: OCR of PDF pages without a text layer", .enabled(if: OCRFiles.folder != nil, "the OCR fixtures are missing"))
struct ExtractOCRPDFTests {
    @Test("a scanned PDF (an image, no text layer) is read by OCR at 300 dpi")
    func scannedPDF() throws {
        let document = try OCRFiles.extract("scan.pdf", mediaType: "application/pdf")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(["fenwick", "lodge", "meeting"].allSatisfy(OCRFiles.words(document).contains), "\(document.text)")
        let ocr = try #require(document.ocr)
        #expect(ocr.pages == [1] && ocr.pageCount == 1 && ocr.dpi == 300 && ocr.imageSource.hasPrefix("poppler "), "\(ocr)")
    }

    @Test("a PDF with a text layer on one page and a scan on the other gives both, OCR only where needed")
    func mixedPDF() throws {
        let document = try OCRFiles.extract("mixed.pdf")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let words = OCRFiles.words(document)
        #expect(words.contains("abernathy") && words.contains("fenwick"), "\(document.text)")
        #expect(document.ocr?.pages == [2] && document.ocr?.pageCount == 2, "\(String(describing: document.ocr))")
        #expect(document.ocr?.summary.contains("1 of 2 pages recognised (2)") == true)
    }

    @Test("a scanned PDF whose OCR language is missing stays no-text-layer, naming the package")
    func scannedPDFWithoutLanguage() throws {
        let document = try OCRFiles.extract("scan.pdf", limits: OCRFiles.limits { $0.languages = "xyz" })
        #expect(document.outcome == .noTextLayer)
        #expect(document.reason == "No text was recognised by OCR. The OCR language xyz could not be loaded: install the Debian package tesseract-ocr-xyz.")
        #expect(document.ocr == nil)
    }

    @Test("past the OCR page limit a scanned PDF is partial, its text layer pages untouched")
    func pageLimit() throws {
        let document = try OCRFiles.extract("mixed.pdf", limits: OCRFiles.limits { $0.maxPages = 0 })
        #expect(document.outcome == .partial)
        #expect(document.reason == "OCR stopped at its limit of 0 pages a file: 1 more page was not recognised.")
        #expect(OCRFiles.words(document).contains("abernathy") && !OCRFiles.words(document).contains("fenwick"))
    }
}

/// Blank pages without a text layer are told by a thumbnail and not recognised.
@Suite("Extraction: blank PDF pages are not OCR'd")
struct ExtractOCRBlankPageTests {
    /// ExtractPDFSupport's PDF with its pages without text made blank: their line drawing
    /// ("0 0 m 300 300 l S") turned into as many spaces, so that every offset stays right.
    static func pdf(pages: [String?]) -> [UInt8] {
        let drawing = Array("0 0 m 300 300 l S".utf8)
        var bytes = ExtractPDFSupport.pdf(pages: pages)
        var index = 0
        while index + drawing.count <= bytes.count {
            if Array(bytes[index..<index + drawing.count]) == drawing {
                bytes.replaceSubrange(index..<index + drawing.count, with: Array(repeating: UInt8(ascii: " "), count: drawing.count))
            }
            index += 1
        }
        return bytes
    }

    @Test("a page with only a line drawn on it is not blank: it is OCR'd, and nothing is recognised")
    func drawnPage() {
        let document = PDFExtractor.extract(ExtractPDFSupport.pdf(pages: [nil]))
        #expect(document.outcome == .noTextLayer && document.reason == ImageExtractor.noTextReason)
        #expect(document.ocr?.pages == [1])
    }

    @Test("a PDF of blank pages is no-text-layer, saying they are blank; no OCR provenance")
    func blankPages() {
        let document = PDFExtractor.extract(Self.pdf(pages: [nil, nil, nil]))
        #expect(document.outcome == .noTextLayer)
        #expect(document.reason == "Its pages are blank: there was nothing for OCR to read.")
        #expect(document.ocr == nil)
    }

    @Test("blank pages do not count against the OCR page limit of a PDF with text")
    func blankPagesAndTheLimit() {
        var limits = ExtractionLimits()
        limits.ocr.maxPages = 0
        let document = PDFExtractor.extract(Self.pdf(pages: ["Statement of witness", nil, nil]), limits: limits)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(document.ocr == nil)
    }
}
