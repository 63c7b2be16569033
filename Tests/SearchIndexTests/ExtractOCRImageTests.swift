import Foundation
import Testing
@testable import SearchIndex

/// OCR of images made here with ImageMagick (Tests/Fixtures/corpora/extraction/ocr): the
/// words each shows are found, with the provenance an expert needs to repeat it, and bad
/// input (a pixel bomb, a corrupt file, too many pages, a missing language pack) gets an
/// outcome and a reason that say what happened.
@Suite("Extraction: OCR of images", .enabled(if: OCRFiles.folder != nil, "the OCR fixtures are missing"))
struct ExtractOCRImageTests {
    @Test("JPEG, PNG, GIF, BMP and WebP images are read by OCR, with the engine, languages and confidence recorded",
          arguments: [("statement.png", "image/png", ["holloway", "pemberton", "quarry"]),
                      ("van.jpg", "image/jpeg", ["kingsway", "midnight"]),
                      ("receipt.gif", "image/gif", ["larkspur", "diesel"]),
                      ("locker.bmp", "image/bmp", ["okonkwo", "locker"]),
                      ("warehouse.webp", "image/webp", ["harbour", "copper"])])
    func imageFormats(name: String, mediaType: String, expected: [String]) throws {
        let document = try OCRFiles.extract(name, mediaType: mediaType)
        #expect(document.outcome == .ok, "\(name): \(document.reason ?? "")")
        #expect(Set(expected).isSubset(of: OCRFiles.words(document)), "\(name): \(document.text)")
        let ocr = try #require(document.ocr, "\(name) has no OCR provenance")
        #expect(ocr.engine.hasPrefix("Tesseract 5."), "\(ocr)")
        #expect(ocr.languages == "eng" && ocr.pages == [1] && ocr.pageCount == 1 && ocr.dpi == nil, "\(ocr)")
        #expect(ocr.imageSource.hasPrefix("leptonica-"), "\(ocr)")
        #expect((ocr.meanConfidence ?? 0) >= 60, "\(name): \(ocr)")
        #expect(ocr.summary.contains("languages eng") && ocr.summary.contains("1 of 1 page recognised"), "\(ocr.summary)")
    }

    @Test("every page of a multi-page TIFF is read, and the provenance lists them")
    func multiPageTIFF() throws {
        let document = try OCRFiles.extract("statement-pages.tif", mediaType: "image/tiff")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(["thornbury", "ravensworth", "whitlock"].allSatisfy(OCRFiles.words(document).contains), "\(document.text)")
        #expect(document.ocr?.pages == [1, 2, 3] && document.ocr?.pageCount == 3, "\(String(describing: document.ocr))")
        #expect(document.ocr?.summary.contains("3 of 3 pages recognised (1-3)") == true, "\(document.ocr?.summary ?? "")")
    }

    @Test("a TIFF with more pages than the limit: the first pages are read, outcome partial saying how many were left")
    func tooManyPages() throws {
        let document = try OCRFiles.extract("statement-pages.tif", limits: OCRFiles.limits { $0.maxPages = 2 })
        #expect(document.outcome == .partial)
        #expect(document.reason == "OCR stopped at its limit of 2 pages a file: 1 more page was not recognised.")
        let words = OCRFiles.words(document)
        #expect(words.contains("thornbury") && words.contains("ravensworth") && !words.contains("whitlock"), "\(document.text)")
        #expect(document.ocr?.pages == [1, 2])
    }

    @Test("an image with no text is no-text-layer, saying OCR recognised nothing")
    func blankImage() throws {
        let document = try OCRFiles.extract("blank.png", mediaType: "image/png")
        #expect(document.outcome == .noTextLayer)
        #expect(document.reason == ImageExtractor.noTextReason)
        #expect(document.text.isEmpty)
        #expect(document.ocr?.pages == [1] && document.ocr?.meanConfidence == nil, "\(String(describing: document.ocr))")
    }

    @Test("pixel bombs (PNG, GIF, BMP) are refused from their headers, before decoding, with their size")
    func pixelBombs() throws {
        let png = try OCRFiles.extract("bomb.png")
        #expect(png.outcome == .failed)
        #expect(png.reason == "The PNG image is 12000 × 10000 pixels, over OCR's limit of 100 megapixels, so it was not decoded.")
        #expect(png.ocr == nil && png.text.isEmpty)
        // A GIF whose logical screen is 65535 x 65535 (4.3 gigapixels), and a BMP of 50000 x 50000:
        // headers only, which leptonica would have had to decode in full to measure.
        let gif = Array("GIF89a".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00] + Array(repeating: 0, count: 32)
        let gifResult = Extractors.extract(gif, name: "bomb.gif", mediaType: "image/gif")
        #expect(gifResult.outcome == .failed)
        #expect(gifResult.reason?.contains("65535 × 65535 pixels, over OCR's limit") == true, "\(gifResult.reason ?? "")")
        var bmp = Array("BM".utf8) + Array(repeating: UInt8(0), count: 52)
        bmp[14] = 40
        for (offset, value) in [(18, UInt32(50_000)), (22, UInt32(50_000))] {
            for k in 0..<4 { bmp[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
        }
        let bmpResult = Extractors.extract(bmp, name: "bomb.bmp", mediaType: "image/bmp")
        #expect(bmpResult.reason?.contains("50000 × 50000 pixels") == true, "\(bmpResult.reason ?? "")")
    }

    @Test("a corrupt image fails with a reason, and does not stop the next file")
    func corruptImages() throws {
        let jpeg = try OCRFiles.bytes("van.jpg")
        let truncated = Extractors.extract(Array(jpeg.prefix(400)), name: "van.jpg", mediaType: "image/jpeg")
        #expect(truncated.outcome == .failed)
        #expect(truncated.reason?.hasPrefix("The JPEG image could not be") == true, "\(truncated.reason ?? "")")
        let png = try OCRFiles.bytes("statement.png")
        let garbled = Array(png.prefix(8)) + Array(repeating: UInt8(0x5A), count: 2000)
        let garbledResult = Extractors.extract(garbled, name: "statement.png", mediaType: "image/png")
        #expect(garbledResult.outcome == .failed && garbledResult.reason?.hasPrefix("The PNG image could not be") == true,
                "\(garbledResult.reason ?? "")")
        let tiff = Array(try OCRFiles.bytes("statement-pages.tif").prefix(16))
        let tiffResult = Extractors.extract(tiff, name: "pages.tif", mediaType: "image/tiff")
        #expect(tiffResult.outcome == .failed, "\(tiffResult.reason ?? "")")
        // The engine is not harmed: a good image right after still reads.
        #expect(try OCRFiles.extract("van.jpg").outcome == .ok)
    }

    @Test("a language pack that is not installed is named by its Debian package")
    func missingLanguagePack() throws {
        let some = try OCRFiles.extract("van.jpg", limits: OCRFiles.limits { $0.languages = "eng+xyz" })
        #expect(some.outcome == .partial, "\(some.reason ?? "")")
        #expect(some.reason == "The OCR language xyz could not be loaded: install the Debian package tesseract-ocr-xyz.")
        #expect(OCRFiles.words(some).contains("kingsway") && some.ocr?.languages == "eng")
        let none = try OCRFiles.extract("van.jpg", limits: OCRFiles.limits { $0.languages = "xyz+chi_qq" })
        #expect(none.outcome == .failed)
        #expect(none.reason == "The OCR languages xyz+chi_qq could not be loaded: install the Debian packages tesseract-ocr-xyz, tesseract-ocr-chi-qq.")
        let invalid = try OCRFiles.extract("van.jpg", limits: OCRFiles.limits { $0.languages = "eng deu" })
        #expect(invalid.outcome == .failed && invalid.reason?.contains("not a list of Tesseract language codes") == true)
    }

    @Test("OCR stops at its time budget and says so")
    func timeBudget() throws {
        let document = try OCRFiles.extract("statement-pages.tif", limits: OCRFiles.limits { $0.budgetSeconds = 0.001 })
        #expect(document.outcome == .partial || document.outcome == .noTextLayer)
        #expect(document.reason?.contains("OCR stopped at its time budget of 0.001 seconds a file") == true, "\(document.reason ?? "")")
        #expect(!OCRFiles.words(document).contains("whitlock"))
    }

    @Test("image types OCR does not read stay unsupported; images in other clothing are still read by signature")
    func dispatch() throws {
        let svg = Extractors.extract(Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8), name: "a.svg", mediaType: "image/svg+xml")
        #expect(svg.outcome == .unsupported && svg.reason?.contains("not an image OCR reads") == true)
        let renamed = try OCRFiles.extract("receipt.gif", mediaType: "application/octet-stream")
        #expect(OCRFiles.words(renamed).contains("larkspur"))
    }

    @Test("the provenance crosses the extraction child's wire")
    func wire() throws {
        var document = ExtractedDocument(outcome: .ok, text: "words")
        document.ocr = OCRProvenance(engine: "Tesseract 5.3.0", mode: OCREngine.mode, languages: "eng+deu",
                                     imageSource: "poppler 22.12.0", pages: [2, 3, 5], pageCount: 5, dpi: 300, meanConfidence: 88)
        let decoded = try JSONDecoder().decode(ExtractedDocument.self, from: JSONEncoder().encode(document))
        #expect(decoded == document)
        #expect(document.ocr?.summary == "Tesseract 5.3.0 (LSTM engine, automatic page segmentation), languages eng+deu; 3 of 5 pages recognised (2-3, 5), rendered at 300 dpi by poppler 22.12.0; mean word confidence 88%")
    }
}
