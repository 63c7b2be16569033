import CPDFAnnotations
import CPoppler

/// Text and document properties of PDF files through poppler (the CPoppler shim), and the
/// text of their annotations (comments, sticky notes, the comments on highlights) through
/// poppler-glib (the CPDFAnnotations shim), each page's after its text.
///
/// Encrypted PDFs are opened with the empty user password, which is how most "protected"
/// PDFs (printing or copying restricted by an owner password) are readable; one that needs a
/// real password fails with `encryptedReason`. A page that yields no text and no annotation
/// text (a scan) is rendered and recognised by OCR (PDFExtractor+OCR); a PDF in which neither
/// found any text is `noTextLayer`.
public enum PDFExtractor {
    /// The reason given for PDFs that cannot be opened without a password.
    public static let encryptedReason = "The PDF is password-protected: it cannot be opened without its password."
    /// Most annotations read on one page; a forged page with millions only costs this many.
    static let maxAnnotationsPerPage = 10_000

    /// The linked poppler's version ("22.12.0").
    public static var popplerVersion: String? { PDFText.take(cpoppler_version()) }

    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed,
                                     reason: "The file is larger than the extraction limit of \(limits.maxInputBytes) bytes.")
        }
        guard !bytes.isEmpty else { return ExtractedDocument(outcome: .failed, reason: "The file is empty.") }
        // poppler reads the caller's bytes in place, so the whole extraction happens while
        // they are pinned here.
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { data in
                var error: UnsafeMutablePointer<CChar>?
                guard let document = cpoppler_open(data.baseAddress, data.count, &error) else {
                    let message = PDFText.take(error) ?? "poppler could not open it"
                    return ExtractedDocument(outcome: .failed, reason: "The PDF could not be opened: \(message).")
                }
                defer { cpoppler_close(document) }
                if cpoppler_is_locked(document) != 0 {
                    return ExtractedDocument(outcome: .failed, reason: encryptedReason)
                }
                // Annotations are a supplement: a PDF poppler-glib cannot open still gives its text.
                var annotationError: UnsafeMutablePointer<CChar>?
                let annotations = cpdf_annotations_open(data.baseAddress, data.count, &annotationError)
                if let annotationError { cpdf_annotations_free(annotationError) }
                defer { cpdf_annotations_close(annotations) }
                return extract(document, annotations: annotations, limits: limits)
            }
        }
    }

    private static func extract(_ document: OpaquePointer, annotations: OpaquePointer?, limits: ExtractionLimits) -> ExtractedDocument {
        var error: UnsafeMutablePointer<CChar>?
        let pageCount = cpoppler_page_count(document, &error)
        guard pageCount >= 0 else {
            let message = PDFText.take(error) ?? "unknown error"
            return ExtractedDocument(outcome: .failed, reason: "The PDF's pages could not be counted: \(message).")
        }
        var buffer = OfficeTextBuffer(limit: limits.maxTextBytes)
        var failedPages: [Int32] = []
        var firstFailure: String?
        var pagesWithText = 0
        var ocr: OCRRun?
        for index in 0..<pageCount {
            if buffer.isTruncated { break }
            var length = 0
            var pageError: UnsafeMutablePointer<CChar>?
            guard let raw = cpoppler_page_text(document, index, &length, &pageError) else {
                failedPages.append(index + 1)
                let message = PDFText.take(pageError) ?? "unknown error"
                if firstFailure == nil { firstFailure = message }
                continue
            }
            // Pages without text still give line ends and form feeds.
            var text = PDFText.clean(PDFText.take(raw, length: length)).trimmingOfficeWhitespace()
            let notes = annotationText(annotations, page: index, shownText: text, room: limits.maxTextBytes - buffer.byteCount)
            if !text.isEmpty || !notes.isEmpty {
                pagesWithText += 1
            } else {
                // A page without a text layer: a scan, rendered and recognised by OCR.
                text = recogniseByOCR(document, page: index, pageCount: Int(pageCount), run: &ocr, settings: limits.ocr)
            }
            for block in [text, notes] where !block.isEmpty {
                buffer.startBlock()
                buffer.append(block)
            }
        }
        let properties = metadata(document)
        var result = ExtractedDocument(outcome: .ok, title: properties.title, text: buffer.text.trimmingOfficeWhitespace(),
                                       fields: properties.fields, dateMilliseconds: properties.dateMilliseconds)
        result.ocr = ocr?.finish()
        let ocrShortfalls = ocr?.shortfalls ?? []
        if pageCount > 0 && failedPages.count == Int(pageCount) {
            result.outcome = .failed
            result.reason = "No page of the PDF could be read: \(firstFailure ?? "unknown error")."
        } else if !failedPages.isEmpty {
            result.outcome = .partial
            let list = failedPages.prefix(10).map(String.init).joined(separator: ", ")
            result.reason = "\(failedPages.count) of \(pageCount) pages could not be read (pages \(list)\(failedPages.count > 10 ? ", ..." : "")): \(firstFailure ?? "unknown error")."
        } else if buffer.isTruncated {
            result.outcome = .partial
            result.reason = "The text was cut at the limit of \(limits.maxTextBytes) bytes."
        } else if pageCount > 0 && pagesWithText == 0 && result.text.isEmpty {
            result.outcome = .noTextLayer
            if let ocr, ocr.pages.isEmpty, ocr.failedPages.isEmpty, ocrShortfalls.isEmpty, ocr.blankPages > 0 {
                result.reason = "Its pages are blank: there was nothing for OCR to read."
            } else {
                result.reason = ocr == nil ? nil : ([ImageExtractor.noTextReason] + ocrShortfalls).joined(separator: " ")
            }
        } else if !ocrShortfalls.isEmpty {
            result.outcome = .partial
            result.reason = ocrShortfalls.joined(separator: " ")
        }
        return result
    }

    /// The page's annotation text, one line each, without the lines its text already shows
    /// (poppler draws free-text annotations into the page, so their words are there already).
    private static func annotationText(_ annotations: OpaquePointer?, page: Int32, shownText: String, room: Int) -> String {
        guard let annotations, room > 0 else { return "" }
        var length = 0
        var error: UnsafeMutablePointer<CChar>?
        guard let raw = cpdf_annotations_page_text(annotations, page, room, Int32(maxAnnotationsPerPage), &length, &error) else {
            if let error { cpdf_annotations_free(error) }
            return ""
        }
        let text = raw.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        cpdf_annotations_free(raw)
        let lines = PDFText.clean(text).split(separator: "\n").map { TextNormalisation.collapseWhitespace($0) }.filter { !$0.isEmpty }
        // Searching the page once per line is bounded, so that a forged page of many long
        // annotations costs no more than reading it; past the bound, repeats are kept.
        let shown = TextNormalisation.collapseWhitespace(shownText)
        let (cost, overflow) = shown.utf8.count.multipliedReportingOverflow(by: lines.count)
        guard !shown.isEmpty, !overflow, cost < 64 << 20 else {
            return lines.joined(separator: "\n")
        }
        return lines.filter { !shown.contains($0) }.joined(separator: "\n")
    }

    private static func metadata(_ document: OpaquePointer) -> OfficeProperties {
        var properties = OfficeProperties()
        func info(_ key: String) -> String? {
            var length = 0
            guard let raw = cpoppler_info_string(document, key, &length) else { return nil }
            let value = PDFText.repairUTF8(PDFText.clean(PDFText.take(raw, length: length))).trimmingOfficeWhitespace()
            return value.isEmpty ? nil : String(value.prefix(XMLFieldCollector.maxFieldBytes))
        }
        func date(_ key: String) -> Int64? {
            var seconds: Int64 = 0
            guard cpoppler_info_date(document, key, &seconds) != 0,
                  seconds > -62_167_219_200, seconds < 253_402_300_800 else { return nil }
            return seconds * 1000
        }
        properties.title = info("Title")
        properties.set("author", info("Author"))
        properties.set("subject", info("Subject"))
        properties.set("keywords", info("Keywords"))
        properties.set("application", info("Creator"))
        properties.set("producer", info("Producer"))
        let created = date("CreationDate"), modified = date("ModDate")
        if let created { properties.set("created", OfficeDate.iso8601(milliseconds: created)) }
        if let modified { properties.set("modified", OfficeDate.iso8601(milliseconds: modified)) }
        properties.dateMilliseconds = created ?? modified
        return properties
    }
}

/// Strings from the shim: taken over (and freed), and cleaned of control characters other
/// than line ends and tabs (poppler emits form feeds, and PDFs can carry anything).
enum PDFText {
    static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { cpoppler_free(pointer) }
        return String(cString: pointer)
    }

    static func take(_ pointer: UnsafeMutablePointer<CChar>, length: Int) -> String {
        defer { cpoppler_free(pointer) }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Info strings must be PDFDocEncoding or UTF-16, but many writers put UTF-8 bytes there,
    /// which arrive as one character per byte ("Ã©" for "é"). When every character is a
    /// byte and those bytes are valid UTF-8 with at least one multi-byte sequence, they were
    /// UTF-8: Latin-1 text almost never forms valid multi-byte UTF-8 by chance.
    static func repairUTF8(_ text: String) -> String {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { return text }
            bytes.append(UInt8(scalar.value))
        }
        guard bytes.contains(where: { $0 >= 0x80 }) else { return text }
        var decoded = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): decoded.append(scalar)
            case .emptyInput: return String(decoded)
            case .error: return text
            }
        }
    }

    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F }) else {
            return text
        }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09: scalars.append(scalar)
            case 0x0C, 0x0D: scalars.append("\n")
            case 0..<0x20, 0x7F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
