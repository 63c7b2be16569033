import COCR

/// Text of scanned documents and photographs by OCR: images decoded by leptonica, their
/// text recognised by Tesseract (the COCR shim), every page of a multi-page TIFF.
///
/// Bounds: an image (each TIFF page) larger than `OCRSettings.maxImagePixels` is refused from
/// its header before it is decoded; at most `maxPages` pages and `budgetSeconds` of OCR per
/// file, past which the outcome is partial. An image in which OCR recognised nothing is
/// `noTextLayer`, saying so, rather than ok with no text.
public enum ImageExtractor {
    public static let noTextReason = "No text was recognised by OCR."

    /// Whether `Extractors` should hand these bytes here: an image format OCR reads.
    static func recognises(_ bytes: [UInt8]) -> Bool { ImageFormat(signature: bytes) != nil }

    /// The answer for an image type OCR does not read (SVG, HEIC, …): indexed by metadata.
    static func unreadable(mediaType: String?) -> ExtractedDocument {
        ExtractedDocument(outcome: .unsupported,
                          reason: "\(mediaType ?? "this file") is not an image OCR reads (it reads JPEG, PNG, TIFF, BMP, GIF and WebP, told by their contents)")
    }

    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard let format = ImageFormat(signature: bytes) else {
            return ExtractedDocument(outcome: .unsupported, reason: "the file is not an image format OCR reads")
        }
        let settings = limits.ocr
        var pageCount = 1
        if format == .tiff {
            var pages: Int32 = 0
            var error: UnsafeMutablePointer<CChar>?
            guard cocr_tiff_page_count(bytes, bytes.count, &pages, &error) != 0, pages > 0 else {
                let message = OCRText.take(error) ?? "it has no pages"
                return ExtractedDocument(outcome: .failed, reason: "The TIFF could not be read: \(message).")
            }
            pageCount = Int(pages)
        }
        var run = OCRRun(settings: settings, pageCount: pageCount, imageSource: OCREngine.leptonicaVersion)
        var buffer = OfficeTextBuffer(limit: limits.maxTextBytes)
        for page in 0..<pageCount {
            guard !buffer.isTruncated, run.mayRecognise() else { continue }
            switch decode(bytes, format: format, page: page, pageCount: pageCount, maxPixels: settings.maxImagePixels) {
            case .failure(let problem):
                run.failed(page: page + 1, reason: problem.reason)
            case .success(let image):
                let text = run.recognise(page: page + 1) { engine, remaining throws(OCREngine.Unavailable) in
                    try engine.recognise(image, deadline: remaining)
                }
                if !text.isEmpty {
                    buffer.startBlock()
                    buffer.append(text)
                }
            }
        }
        let provenance = run.finish()
        return outcome(text: buffer.text.trimmingOfficeWhitespace(), truncated: buffer.isTruncated, run: run,
                       provenance: provenance, limits: limits)
    }

    private struct Problem: Error {
        var reason: String
    }

    /// One page decoded, after its header showed it within the pixel limit.
    private static func decode(_ bytes: [UInt8], format: ImageFormat, page: Int, pageCount: Int,
                               maxPixels: Int) -> Result<OCRImage, Problem> {
        let what = pageCount > 1 ? "Page \(page + 1) of the \(format.rawValue) image" : "The \(format.rawValue) image"
        var width = 0, height = 0
        if let dimensions = format.headerDimensions(bytes) {
            (width, height) = dimensions
        } else {
            var w: Int32 = 0, h: Int32 = 0
            var error: UnsafeMutablePointer<CChar>?
            guard cocr_image_header(bytes, bytes.count, Int32(page), &w, &h, &error) != 0 else {
                let message = OCRText.take(error) ?? "unknown error"
                return .failure(Problem(reason: "\(what) could not be read: \(message)"))
            }
            (width, height) = (Int(w), Int(h))
        }
        guard width > 0, height > 0 else {
            return .failure(Problem(reason: "\(what) has no pixels (\(width) × \(height))"))
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else {
            return .failure(Problem(reason: "\(what) is \(width) × \(height) pixels, over OCR's limit of \(maxPixels / 1_000_000) megapixels, so it was not decoded"))
        }
        var error: UnsafeMutablePointer<CChar>?
        guard let handle = cocr_image_decode(bytes, bytes.count, Int32(page), &error) else {
            let message = OCRText.take(error) ?? "unknown error"
            return .failure(Problem(reason: "\(what) could not be decoded: \(message)"))
        }
        return .success(OCRImage(handle: handle))
    }

    private static func outcome(text: String, truncated: Bool, run: OCRRun, provenance: OCRProvenance?,
                                limits: ExtractionLimits) -> ExtractedDocument {
        var shortfalls = run.shortfalls
        if truncated { shortfalls.append("The text was cut at the limit of \(limits.maxTextBytes) bytes.") }
        var result = ExtractedDocument(outcome: .ok, text: text)
        result.ocr = provenance
        if provenance == nil {
            // Nothing was recognised: no engine, or no page could be decoded.
            result.outcome = .failed
            result.reason = shortfalls.isEmpty ? "OCR could not be run." : shortfalls.joined(separator: " ")
        } else if text.isEmpty {
            result.outcome = .noTextLayer
            result.reason = ([noTextReason] + shortfalls).joined(separator: " ")
        } else if !shortfalls.isEmpty {
            result.outcome = .partial
            result.reason = shortfalls.joined(separator: " ")
        }
        return result
    }
}
