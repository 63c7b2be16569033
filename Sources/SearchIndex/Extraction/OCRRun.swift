/// One file's OCR: takes an engine when the first page needs one, keeps to the file's page
/// and time bounds, and gathers what the provenance records. Call `finish` once at the end.
struct OCRRun {
    let settings: OCRSettings
    let pageCount: Int
    let imageSource: String
    let dpi: Int?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var engine: OCREngine?
    /// Why OCR could not run at all (set on the first failure to get an engine).
    private(set) var unavailable: String?
    /// Languages asked for that Tesseract did not load (their packs are missing).
    private(set) var missingLanguages: [String] = []
    /// The 1-based pages recognised (those done, even if nothing was found on them).
    private(set) var pages: [Int] = []
    /// Pages that needed OCR but were left: past the page limit, or the time budget.
    private(set) var skippedForPages = 0
    private(set) var skippedForTime = 0
    /// A page whose recognition the deadline stopped part way.
    private(set) var cutByTime = false
    /// Pages Tesseract or the renderer could not do, with the first reason.
    private(set) var failedPages: [Int] = []
    private(set) var firstFailure: String?
    /// PDF pages without a text layer that rendered blank, so were not recognised.
    var blankPages = 0
    private var confidenceSum = 0
    private var confidenceWeight = 0

    init(settings: OCRSettings, pageCount: Int, imageSource: String, dpi: Int? = nil) {
        self.settings = settings
        self.pageCount = pageCount
        self.imageSource = imageSource
        self.dpi = dpi
        self.started = clock.now
    }

    /// Whether one more page may be recognised (counting it as skipped when not). False
    /// for every page once OCR turned out to be unavailable.
    mutating func mayRecognise() -> Bool {
        if unavailable != nil { return false }
        if pages.count + failedPages.count >= settings.maxPages {
            skippedForPages += 1
            return false
        }
        if remaining <= .zero {
            skippedForTime += 1
            return false
        }
        return true
    }

    private var remaining: Duration { .seconds(settings.budgetSeconds) - (clock.now - started) }

    /// Recognises one page with `body` (which gets the engine and the time left), recording
    /// the outcome; returns the page's text ("" when nothing was recognised or it failed).
    mutating func recognise(page: Int,
                            _ body: (OCREngine, Duration) throws(OCREngine.Unavailable) -> OCREngine.Recognition) -> String {
        guard let engine = takeEngine() else { return "" }
        do {
            let recognition = try body(engine, remaining)
            pages.append(page)
            if recognition.cancelled { cutByTime = true }
            let weight = recognition.text.unicodeScalars.count { !$0.properties.isWhitespace }
            if weight > 0 {
                confidenceSum += recognition.confidence * weight
                confidenceWeight += weight
            }
            return recognition.text
        } catch {
            failed(page: page, reason: error.reason)
            return ""
        }
    }

    /// A page that could not be turned into pixels (decoding, rendering, too large).
    mutating func failed(page: Int, reason: String) {
        failedPages.append(page)
        if firstFailure == nil { firstFailure = reason }
    }

    private mutating func takeEngine() -> OCREngine? {
        if let engine { return engine }
        do {
            let opened = try OCREngine.open(settings)
            engine = opened
            missingLanguages = (settings.languageCodes ?? []).filter { !opened.loadedLanguages.contains($0) }
            return opened
        } catch {
            unavailable = error.reason
            return nil
        }
    }

    /// Whether OCR was tried on any page at all.
    var attempted: Bool { !pages.isEmpty || unavailable != nil || !failedPages.isEmpty || skippedForPages + skippedForTime > 0 }

    /// The sentences saying what OCR left undone, for the extraction's reason (empty when
    /// every page that needed OCR was recognised in full).
    var shortfalls: [String] {
        var reasons: [String] = []
        if let unavailable { reasons.append(unavailable) }
        if !missingLanguages.isEmpty { reasons.append(OCREngine.missingReason(missingLanguages)) }
        if pageCount == 1, failedPages == [1] {
            let failure = firstFailure ?? "OCR could not read it"
            reasons.append(failure.prefix(1).uppercased() + failure.dropFirst() + ".")
        } else if !failedPages.isEmpty {
            let list = failedPages.prefix(10).map(String.init).joined(separator: ", ")
            reasons.append("OCR could not read \(failedPages.count == 1 ? "page" : "pages") \(list)\(failedPages.count > 10 ? ", ..." : ""): \(firstFailure ?? "unknown error").")
        }
        if skippedForPages > 0 {
            reasons.append("OCR stopped at its limit of \(settings.maxPages) pages a file: \(skippedForPages) more \(skippedForPages == 1 ? "page was" : "pages were") not recognised.")
        }
        if skippedForTime > 0 || cutByTime {
            let seconds = settings.budgetSeconds.rounded() == settings.budgetSeconds ? "\(Int(settings.budgetSeconds))" : "\(settings.budgetSeconds)"
            var sentence = "OCR stopped at its time budget of \(seconds) seconds a file"
            if skippedForTime > 0 { sentence += ": \(skippedForTime) \(skippedForTime == 1 ? "page was" : "pages were") not recognised" }
            if cutByTime { sentence += skippedForTime > 0 ? ", and one page only in part" : ": one page was recognised only in part" }
            reasons.append(sentence + ".")
        }
        return reasons
    }

    /// The provenance (nil when no page was recognised), and gives the engine back; `shortfalls`
    /// still holds after it.
    mutating func finish() -> OCRProvenance? {
        defer {
            engine?.release()
            engine = nil
        }
        guard let engine, !pages.isEmpty else { return nil }
        return OCRProvenance(engine: "Tesseract \(OCREngine.tesseractVersion)", mode: OCREngine.mode,
                             languages: engine.loadedLanguages.joined(separator: "+"), imageSource: imageSource,
                             pages: pages, pageCount: pageCount, dpi: dpi,
                             meanConfidence: confidenceWeight > 0 ? (confidenceSum + confidenceWeight / 2) / confidenceWeight : nil)
    }
}
