import CPoppler

extension PDFExtractor {
    /// The text OCR recognises on page `index` (0-based), which has no text layer: rendered
    /// in greyscale by poppler at `settings.renderDPI` (less for a page too big for the pixel
    /// limit) and recognised by Tesseract. The run is started at the first such page and
    /// keeps the file's page and time bounds; "" when nothing was recognised or it failed.
    static func recogniseByOCR(_ document: OpaquePointer, page index: Int32, pageCount: Int, run: inout OCRRun?,
                               settings: OCRSettings) -> String {
        if run == nil {
            run = OCRRun(settings: settings, pageCount: pageCount, imageSource: "poppler \(popplerVersion ?? "")",
                         dpi: settings.renderDPI)
        }
        let page = Int(index) + 1
        let dpi: Int
        switch renderResolution(document, page: index, settings: settings) {
        case .success(let resolution): dpi = resolution
        case .failure(let problem):
            if run?.mayRecognise() == true { run?.failed(page: page, reason: problem.reason) }
            return ""
        }
        // A blank page (a separator, the back of a sheet) costs a thumbnail, not a recognition,
        // and does not count against the page limit.
        if isBlank(document, page: index, dpi: min(blankCheckDPI, Double(dpi))) {
            run?.blankPages += 1
            return ""
        }
        guard run?.mayRecognise() == true else { return "" }
        var width: Int32 = 0, height: Int32 = 0, bytesPerLine: Int32 = 0
        var error: UnsafeMutablePointer<CChar>?
        guard let pixels = cpoppler_page_render_gray(document, index, Double(dpi), &width, &height, &bytesPerLine, &error) else {
            let message = PDFText.take(error) ?? "unknown error"
            run?.failed(page: page, reason: "page \(page) could not be rendered: \(message)")
            return ""
        }
        defer { cpoppler_free(pixels) }
        guard width > 0, height > 0 else {
            run?.failed(page: page, reason: "page \(page) rendered to no pixels")
            return ""
        }
        return run?.recognise(page: page) { engine, remaining throws(OCREngine.Unavailable) in
            try engine.recogniseGray(pixels, width: width, height: height, bytesPerLine: bytesPerLine,
                                     dpi: Int32(dpi), deadline: remaining)
        } ?? ""
    }

    /// The resolution of the thumbnail that tells a blank page: a line of 8 pt text still
    /// leaves grey pixels at it.
    static let blankCheckDPI = 36.0
    /// A pixel darker than this (0 black, 255 white) is ink.
    static let inkLevel: UInt8 = 200

    /// Whether the page renders without a single pixel of ink at `blankCheckDPI`. A page that
    /// cannot be rendered is not blank: the full rendering then says what went wrong.
    private static func isBlank(_ document: OpaquePointer, page index: Int32, dpi: Double) -> Bool {
        var width: Int32 = 0, height: Int32 = 0, bytesPerLine: Int32 = 0
        var error: UnsafeMutablePointer<CChar>?
        guard let pixels = cpoppler_page_render_gray(document, index, dpi, &width, &height, &bytesPerLine, &error) else {
            if let error { cpoppler_free(error) }
            return false
        }
        defer { cpoppler_free(pixels) }
        guard width > 0, height > 0, bytesPerLine >= width else { return false }
        let rows = UnsafeBufferPointer(start: pixels, count: Int(bytesPerLine) * Int(height))
        for row in 0..<Int(height) {
            let start = row * Int(bytesPerLine)
            if rows[start..<start + Int(width)].contains(where: { $0 < inkLevel }) { return false }
        }
        return true
    }

    private struct RenderProblem: Error {
        var reason: String
    }

    /// The resolution to render the page at: the configured one, or as much as the pixel
    /// limit allows for a big page (a poster, a map); a page that would need less than the
    /// minimum is not OCR'd.
    private static func renderResolution(_ document: OpaquePointer, page index: Int32,
                                         settings: OCRSettings) -> Result<Int, RenderProblem> {
        var width = 0.0, height = 0.0
        var error: UnsafeMutablePointer<CChar>?
        let page = Int(index) + 1
        guard cpoppler_page_size(document, index, &width, &height, &error) != 0 else {
            let message = PDFText.take(error) ?? "unknown error"
            return .failure(RenderProblem(reason: "page \(page) could not be measured: \(message)"))
        }
        guard width.isFinite, height.isFinite, width > 0, height > 0 else {
            return .failure(RenderProblem(reason: "page \(page) has no area to render"))
        }
        // Pixels at d dpi: (width / 72 * d) * (height / 72 * d).
        let fitting = (Double(settings.maxImagePixels) * 72 * 72 / (width * height)).squareRoot().rounded(.down)
        let dpi = min(Double(settings.renderDPI), fitting)
        guard dpi >= Double(OCRSettings.minimumRenderDPI) else {
            return .failure(RenderProblem(
                reason: "page \(page) (\(Int(width)) × \(Int(height)) points) is too large to render for OCR within \(settings.maxImagePixels / 1_000_000) megapixels"))
        }
        return .success(Int(dpi))
    }
}
