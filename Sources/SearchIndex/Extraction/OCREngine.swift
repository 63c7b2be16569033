import COCR
import Synchronization

/// One Tesseract engine (through the COCR shim), loaded for some languages. Used by one
/// thread at a time: `OCREngine.Pool` hands each out to one file's OCR and takes it back.
final class OCREngine: @unchecked Sendable {
    /// Why no engine could be had: a sentence for the extraction's reason.
    struct Unavailable: Error {
        var reason: String
    }

    /// What one recognition gave: cleaned text, the mean word confidence, and whether the
    /// deadline stopped it before the end.
    struct Recognition {
        var text: String
        var confidence: Int
        var cancelled: Bool
    }

    private let handle: OpaquePointer
    let key: String
    /// The languages Tesseract loaded, which may be fewer than asked for.
    let loadedLanguages: [String]

    private init(handle: OpaquePointer, key: String, loadedLanguages: [String]) {
        self.handle = handle
        self.key = key
        self.loadedLanguages = loadedLanguages
    }

    deinit { cocr_engine_close(handle) }

    /// The linked Tesseract's version ("5.3.0").
    static let tesseractVersion: String = OCRText.take(cocr_tesseract_version()) ?? "unknown"
    /// The linked leptonica's version ("leptonica-1.82.0").
    static let leptonicaVersion: String = OCRText.take(cocr_leptonica_version()) ?? "leptonica"
    /// How every engine here is set up, for the provenance.
    static let mode = "LSTM engine, automatic page segmentation"

    /// Loads an engine; when Tesseract cannot, tries each language alone to name the
    /// language packs that are missing.
    static func open(_ settings: OCRSettings) throws(Unavailable) -> OCREngine {
        guard let codes = settings.languageCodes else {
            throw Unavailable(reason: "The OCR languages setting \"\(settings.languages.prefix(100))\" is not a list of Tesseract language codes such as eng+deu.")
        }
        let key = (settings.dataPath ?? "") + "\u{0}" + codes.joined(separator: "+")
        if let engine = Pool.shared.take(key) { return engine }
        var error: UnsafeMutablePointer<CChar>?
        guard let handle = cocr_engine_open(settings.dataPath, codes.joined(separator: "+"), &error) else {
            OCRText.free(error)
            let missing = codes.filter { !loads($0, dataPath: settings.dataPath) }
            throw Unavailable(reason: missingReason(missing.isEmpty ? codes : missing))
        }
        let loaded = OCRText.take(cocr_engine_loaded_languages(handle))?.split(separator: "+").map(String.init) ?? codes
        return OCREngine(handle: handle, key: key, loadedLanguages: loaded)
    }

    /// The sentence naming the language packs to install.
    static func missingReason(_ codes: [String]) -> String {
        let packages = codes.map(OCRSettings.package(for:)).joined(separator: ", ")
        let noun = codes.count == 1 ? "language" : "languages"
        return "The OCR \(noun) \(codes.joined(separator: "+")) could not be loaded: install the Debian package\(codes.count == 1 ? "" : "s") \(packages)."
    }

    private static func loads(_ code: String, dataPath: String?) -> Bool {
        var error: UnsafeMutablePointer<CChar>?
        guard let handle = cocr_engine_open(dataPath, code, &error) else {
            OCRText.free(error)
            return false
        }
        cocr_engine_close(handle)
        return true
    }

    /// Gives the engine back for the next file.
    func release() { Pool.shared.give(self) }

    func recognise(_ image: OCRImage, deadline: Duration) throws(Unavailable) -> Recognition {
        var result = cocr_result()
        var error: UnsafeMutablePointer<CChar>?
        guard cocr_recognise_image(handle, image.handle, 0, Self.milliseconds(deadline), &result, &error) != 0 else {
            throw Unavailable(reason: OCRText.take(error) ?? "Tesseract failed")
        }
        return Self.recognition(result)
    }

    func recogniseGray(_ pixels: UnsafePointer<UInt8>, width: Int32, height: Int32, bytesPerLine: Int32, dpi: Int32,
                       deadline: Duration) throws(Unavailable) -> Recognition {
        var result = cocr_result()
        var error: UnsafeMutablePointer<CChar>?
        guard cocr_recognise_gray(handle, pixels, width, height, bytesPerLine, dpi, Self.milliseconds(deadline),
                                  &result, &error) != 0 else {
            throw Unavailable(reason: OCRText.take(error) ?? "Tesseract failed")
        }
        return Self.recognition(result)
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, total))
    }

    private static func recognition(_ result: cocr_result) -> Recognition {
        let text = result.text.map { OCRText.take($0, length: result.text_length) } ?? ""
        return Recognition(text: PDFText.clean(text).trimmingOfficeWhitespace(),
                           confidence: Int(result.confidence), cancelled: result.cancelled != 0)
    }

    /// Engines kept between files: loading traineddata costs a good part of a second, which
    /// would otherwise be paid by every image. A few per language set at most.
    final class Pool: Sendable {
        static let shared = Pool()
        static let maxIdlePerKey = 2
        private let idle = Mutex<[String: [OCREngine]]>([:])

        func take(_ key: String) -> OCREngine? {
            idle.withLock { engines in engines[key]?.popLast() }
        }

        func give(_ engine: OCREngine) {
            idle.withLock { engines in
                if engines[engine.key, default: []].count < Self.maxIdlePerKey { engines[engine.key, default: []].append(engine) }
            }
        }
    }
}
