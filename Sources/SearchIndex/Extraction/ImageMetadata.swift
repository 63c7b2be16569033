/// What a photo's EXIF block says: when it was taken, by which camera, where, and the
/// captions people wrote. Read with libexif (ExifReader) inside the extraction child, from a
/// block this type cuts out of the image and bounds first.
///
/// Fields (named as on `ExtractedDocument.fields`):
/// - `date-taken`: DateTimeOriginal as the camera's clock showed it, `YYYY-MM-DDTHH:MM:SS`,
///   with OffsetTimeOriginal appended (`+01:00`) when the file has it; else DateTime (and
///   OffsetTime). The index files the photo under that day (`taken:`), the camera's own day;
/// - `camera-make`, `camera-model`: Make and Model;
/// - `gps-latitude`, `gps-longitude`: decimal degrees (south and west negative), 6 places;
/// - `image-description`, `user-comment`, `xp-comment`: the captions.
public struct ImageMetadata: Sendable, Equatable {
    public var fields: [String: String] = [:]
    /// The moment taken, in milliseconds since 1970 UTC: exact with an offset, else the
    /// camera's clock read as UTC (as a document date without a zone is).
    public var dateTakenMilliseconds: Int64?
    /// Why the EXIF block could not be read, when there was one.
    public var problem: String?

    public init(fields: [String: String] = [:], dateTakenMilliseconds: Int64? = nil, problem: String? = nil) {
        self.fields = fields
        self.dateTakenMilliseconds = dateTakenMilliseconds
        self.problem = problem
    }

    /// Most bytes of EXIF handed to libexif: a JPEG's APP1 segment cannot pass 64 KiB; a TIFF's
    /// tags sit near its start in practice, and what lies beyond this is not read.
    public static let maxBlockBytes = 1 << 20
    /// Longest field kept, in characters (captions); names and dates are far shorter.
    static let maxFieldCharacters = 2048

    /// The reason an image without OCR gives: its text is not read, its metadata is.
    /// For an image format OCR does not read (HEIF, AVIF): said so, with its metadata indexed.
    public static let noTextReason = "OCR does not read this image format; the image's EXIF metadata, where libexif reads it, is indexed."

    /// Whether the bytes are an image (JPEG, TIFF, PNG, WebP, GIF, BMP, HEIF/AVIF).
    public static func isImage(_ bytes: [UInt8]) -> Bool {
        ImageKind(bytes) != nil
    }

    /// The metadata of an image; empty when it has no EXIF block, with `problem` set when the
    /// block is there but unreadable.
    public static func read(_ bytes: [UInt8]) -> ImageMetadata {
        guard let kind = ImageKind(bytes) else { return ImageMetadata() }
        let block: [UInt8]
        switch ExifBlock.find(in: bytes, kind: kind, maxBytes: maxBlockBytes) {
        case .none: return ImageMetadata()
        case .damaged(let reason): return ImageMetadata(problem: reason)
        case .found(let found): block = found
        }
        guard let reader = ExifReader(block) else {
            return ImageMetadata(problem: "The image's EXIF block is damaged: libexif found no readable entry in it.")
        }
        return reader.metadata()
    }

    /// `document` with these fields added (its own fields win) and the date taken as its date
    /// when it has none; a problem reading EXIF is added to its reason.
    public func merged(into document: ExtractedDocument) -> ExtractedDocument {
        var merged = document
        for (key, value) in fields where merged.fields[key] == nil { merged.fields[key] = value }
        if merged.dateMilliseconds == nil { merged.dateMilliseconds = dateTakenMilliseconds }
        if let problem {
            merged.reason = merged.reason.map { "\($0) \(problem)" } ?? problem
        }
        return merged
    }

    /// "Google Pixel 7" from make "Google" and model "Pixel 7"; the model alone where it
    /// already names the maker ("Canon" and "Canon EOS 5D", "NIKON CORPORATION" and "NIKON D7500").
    public static func cameraName(make: String?, model: String?) -> String? {
        let make = make?.trimmingOfficeWhitespace() ?? "", model = model?.trimmingOfficeWhitespace() ?? ""
        if make.isEmpty { return model.isEmpty ? nil : model }
        if model.isEmpty { return make }
        let maker = make.split(separator: " ").first.map { $0.lowercased() } ?? make.lowercased()
        if model.lowercased().hasPrefix(maker) { return model }
        return make + " " + model
    }
}

/// Image formats by signature. The EXIF block is found in JPEG, TIFF, PNG and WebP; GIF and BMP
/// have none, and HEIF/AVIF keep it in an item of their box structure, which libexif does not
/// read: those are images all the same (no text, no metadata read).
enum ImageKind {
    case jpeg, tiff, png, webp, gif, bmp, heif

    init?(_ bytes: [UInt8]) {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            self = .tiff
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) {
            self = .webp
        } else if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            self = .gif
        } else if bytes.count >= 26, bytes.starts(with: Array("BM".utf8)), bytes[6..<10].allSatisfy({ $0 == 0 }) {
            self = .bmp
        } else if bytes.count >= 12, bytes[4..<8].elementsEqual("ftyp".utf8),
                  ["heic", "heix", "heim", "heis", "hevc", "mif1", "msf1", "avif"].contains(String(decoding: bytes[8..<12], as: UTF8.self)) {
            self = .heif
        } else {
            return nil
        }
    }
}
