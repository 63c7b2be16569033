/// How text was recognised by OCR, recorded with the extraction so that an expert can repeat
/// it (ACPO principle 3): the engine and its version, the languages, what was recognised
/// and how confident the engine was.
public struct OCRProvenance: Sendable, Equatable, Codable {
    /// "Tesseract 5.3.0".
    public var engine: String
    /// Tesseract's engine mode and page segmentation.
    public var mode: String
    /// The languages Tesseract loaded ("eng+deu").
    public var languages: String
    /// What turned the file into pixels: "leptonica-1.82.0" for images, "poppler 22.12.0" for PDFs.
    public var imageSource: String
    /// The 1-based pages recognised, and how many pages the file has.
    public var pages: [Int]
    public var pageCount: Int
    /// The resolution PDF pages were rendered at (nil for images, read as they are).
    public var dpi: Int?
    /// Tesseract's mean word confidence (0-100) over the pages with text, weighted by their
    /// length; nil when nothing was recognised.
    public var meanConfidence: Int?

    public init(engine: String, mode: String, languages: String, imageSource: String, pages: [Int], pageCount: Int,
                dpi: Int? = nil, meanConfidence: Int? = nil) {
        self.engine = engine
        self.mode = mode
        self.languages = languages
        self.imageSource = imageSource
        self.pages = pages
        self.pageCount = pageCount
        self.dpi = dpi
        self.meanConfidence = meanConfidence
    }

    /// One line for `evidence show` and the item page.
    public var summary: String {
        var parts = ["\(engine) (\(mode)), languages \(languages)"]
        let noun = pageCount == 1 ? "page" : "pages"
        var pagesText = "\(pages.count) of \(pageCount) \(noun) recognised"
        if pageCount > 1 && !pages.isEmpty { pagesText += " (\(Self.ranges(pages)))" }
        if let dpi {
            pagesText += ", rendered at \(dpi) dpi by \(imageSource)"
        } else {
            pagesText += ", decoded by \(imageSource)"
        }
        parts.append(pagesText)
        parts.append(meanConfidence.map { "mean word confidence \($0)%" } ?? "no words recognised")
        return parts.joined(separator: "; ")
    }

    /// "1-3, 7" for [1, 2, 3, 7].
    static func ranges(_ pages: [Int]) -> String {
        var result: [String] = []
        var index = 0
        while index < pages.count {
            var end = index
            while end + 1 < pages.count && pages[end + 1] == pages[end] + 1 { end += 1 }
            result.append(end == index ? "\(pages[index])" : "\(pages[index])-\(pages[end])")
            index = end + 1
        }
        return result.joined(separator: ", ")
    }
}
