/// How OCR runs: its languages and the bounds it keeps to for one file, so that a long scan
/// or a hostile image costs at most this much (the rest: outcome partial, with the reason).
public struct OCRSettings: Sendable, Equatable {
    /// Tesseract language codes joined by "+" ("eng", "eng+deu"); each needs its Debian
    /// package tesseract-ocr-CODE. Set by EVIDENCE_OCR_LANGUAGES on the indexing side.
    public var languages = "eng"
    /// The tessdata folder; nil lets Tesseract use its own default (Debian's
    /// /usr/share/tesseract-ocr/5/tessdata). Set from TESSDATA_PREFIX on the indexing side.
    public var dataPath: String?
    /// Most pages (TIFF pages, PDF pages without a text layer) recognised in one file.
    public var maxPages = 100
    /// Seconds of OCR one file may take in all; recognition stops when they run out. Kept
    /// under the extraction child's time limit per file, so that the pages done are kept.
    public var budgetSeconds: Double = 45
    /// Largest image decoded for OCR, in pixels, checked from its header before decoding:
    /// 100 megapixels holds a 600 dpi A3 scan or a 108-megapixel phone photo, and decodes in
    /// well under the child's memory limit (400 MB at 32 bits a pixel).
    public var maxImagePixels = 100_000_000
    /// The resolution PDF pages without a text layer are rendered at for OCR (300 dpi is
    /// what Tesseract is trained for); lowered for pages too big to render at it.
    public var renderDPI = 300
    /// Rendering below this gives Tesseract too little to read: such pages are not OCR'd.
    static let minimumRenderDPI = 70

    public init() {}

    /// The language codes, or nil when the setting is not a list of Tesseract codes
    /// (letters, digits and underscores, as in "chi_sim", joined by "+").
    var languageCodes: [String]? {
        let codes = languages.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        let valid = !codes.isEmpty && codes.count <= 16 && codes.allSatisfy { code in
            !code.isEmpty && code.count <= 32 && code.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            }
        }
        return valid ? codes : nil
    }

    /// The Debian package that installs a language's traineddata.
    static func package(for code: String) -> String {
        "tesseract-ocr-" + code.lowercased().replacingOccurrences(of: "_", with: "-")
    }
}
