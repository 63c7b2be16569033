import Foundation
@testable import SearchIndex

/// Small PDFs written by hand for the tests, and a time bound around extraction.
enum ExtractPDFSupport {
    /// A PDF whose pages show `pages` (one string each, or nil for a page that only draws a
    /// line), with an Info dictionary of `info` (raw PDF values, e.g. "(Title)" or "<FEFF...>").
    static func pdf(pages: [String?], info: [String: String] = [:]) -> [UInt8] {
        var objects: [String] = []
        let pageCount = pages.count
        // 1: catalog, 2: pages, 3: font, 4: info, then per page: page, contents.
        let kids = (0..<pageCount).map { "\(5 + 2 * $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        objects.append("<< " + info.sorted { $0.key < $1.key }.map { "/\($0.key) \($0.value)" }.joined(separator: " ") + " >>")
        for (index, text) in pages.enumerated() {
            let content = text.map { "BT /F1 18 Tf 72 700 Td (\($0)) Tj ET" } ?? "0 0 m 300 300 l S"
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(6 + 2 * index) 0 R >>")
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            output += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 4 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(output.utf8)
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: ExtractedDocument?
        var value: ExtractedDocument? {
            get { lock.lock(); defer { lock.unlock() }; return stored }
            set { lock.lock(); defer { lock.unlock() }; stored = newValue }
        }
    }

    /// Extracts on a thread of its own and waits at most `seconds`: nil means it hung (the
    /// thread cannot be stopped, which is why production extraction runs in a child process).
    static func extract(_ bytes: [UInt8], limits: ExtractionLimits = ExtractionLimits(),
                        seconds: Double = 30) -> ExtractedDocument? {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = PDFExtractor.extract(bytes, limits: limits)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.value
    }

    /// Words for comparison with pdftotext: NFKC (pdftotext keeps ligatures such as "ﬁ"),
    /// lowercased, letters and digits only, at least three characters.
    static func comparableWords(_ text: String) -> Set<String> {
        Set(ExtractOfficeCorpus.words(text.precomposedStringWithCompatibilityMapping).filter { $0.count >= 3 })
    }
}
