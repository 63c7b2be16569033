import Foundation
import Testing

/// OCR end to end: a scanned image added with `evidence add` is found by the words it shows,
/// `evidence show` says the text came from OCR and how, and an image OCR refuses (a pixel bomb)
/// is stored intact with the reason. EVIDENCE_OCR_LANGUAGES reaches the extraction child.
@Suite("CLI: OCR of scanned images")
struct CLIOCRTests {
    static let folder = SearchFixtures.packageRoot + "/Tests/Fixtures/corpora/extraction/ocr/"

    @Test("a scanned statement is found by its words, and show names the OCR engine, languages and confidence")
    func scannedImageIsSearchable() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let id = try bed.addOne(Self.folder + "statement.png")
            let bomb = try bed.addOne(Self.folder + "bomb.png")
            let answer = try bed.search("Holloway")
            #expect(hitNames(answer) == ["statement.png"], "\(answer)")
            let hit = try #require((answer["hits"] as? [[String: Any]])?.first)
            #expect(hit["extraction"] as? String == "ok", "\(hit)")

            let shown = try bed.ok(["show", id]).out
            #expect(shown.contains("Text extraction    ok"), "\(shown)")
            #expect(shown.contains("Text source        recognised by OCR: Tesseract 5."), "\(shown)")
            #expect(shown.contains("languages eng; 1 of 1 page recognised, decoded by leptonica-"), "\(shown)")
            #expect(shown.contains("mean word confidence"), "\(shown)")
            let json = try bed.ok(["show", id, "--json"]).json()
            #expect((json["extractionOCR"] as? String)?.hasPrefix("Tesseract 5.") == true, "\(json)")

            // The pixel bomb is refused before decoding; it is kept intact, with the reason.
            let bombShown = try bed.ok(["show", bomb]).out
            #expect(bombShown.contains("failed: The PNG image is 12000 × 10000 pixels, over OCR's limit of 100 megapixels"), "\(bombShown)")
            #expect(!bombShown.contains("Text source"))
            #expect(try bed.get(bomb) == Data(contentsOf: URL(fileURLWithPath: Self.folder + "bomb.png")))
            try bed.verifyIntact()
        }
    }

    @Test("EVIDENCE_OCR_LANGUAGES reaches the extraction child; a missing pack is named in the outcome")
    func languagesSetting() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.ok(["add", "--case", "CR-1", "--json", Self.folder + "van.jpg"],
                       environment: ["EVIDENCE_OCR_LANGUAGES": "eng+xyz"])
            let answer = try bed.search("Kingsway")
            let hit = try #require((answer["hits"] as? [[String: Any]])?.first, "\(answer)")
            #expect(hit["extraction"] as? String == "partial", "\(hit)")
            #expect((hit["extractionReason"] as? String)?.contains("tesseract-ocr-xyz") == true, "\(hit)")
        }
    }
}
