/// The image formats OCR reads (through leptonica), told by their signatures, and the
/// dimensions of those whose header leptonica can only read by decoding the whole image.
enum ImageFormat: String, Sendable {
    case jpeg = "JPEG", png = "PNG", tiff = "TIFF", bmp = "BMP", gif = "GIF", webp = "WebP"

    init?(signature bytes: [UInt8]) {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            self = .tiff
        } else if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            self = .gif
        } else if bytes.count >= 26, bytes.starts(with: Array("BM".utf8)) {
            self = .bmp
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            self = .webp
        } else {
            return nil
        }
    }

    /// Whether a media type names an image (which, without a signature above, OCR cannot read).
    static func isImageType(_ mediaType: String?) -> Bool {
        mediaType?.lowercased().hasPrefix("image/") == true
    }

    /// Width and height from the header for GIF (the logical screen) and BMP (the info
    /// header), read here because leptonica decodes the whole image to learn them; nil for
    /// the other formats, and for a header too short or with a negative width.
    func headerDimensions(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        func little(_ offset: Int, _ count: Int) -> Int? {
            guard bytes.count >= offset + count else { return nil }
            return (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        switch self {
        case .gif:
            guard let width = little(6, 2), let height = little(8, 2) else { return nil }
            return (width, height)
        case .bmp:
            guard let headerSize = little(14, 4) else { return nil }
            if headerSize == 12 {
                guard let width = little(18, 2), let height = little(20, 2) else { return nil }
                return (width, height)
            }
            guard let rawWidth = little(18, 4), let rawHeight = little(22, 4) else { return nil }
            let width = Int(Int32(truncatingIfNeeded: rawWidth)), height = Int(Int32(truncatingIfNeeded: rawHeight))
            // A negative height means rows top-down; a negative width means nothing valid.
            guard width >= 0 else { return nil }
            return (width, abs(height))
        default:
            return nil
        }
    }
}
