/// Finds an image's EXIF block (a TIFF structure behind the "Exif\0\0" header libexif
/// expects), walking the container's own framing with every length checked: JPEG markers,
/// PNG chunks, RIFF chunks. Only the block goes to libexif, never the whole image.
enum ExifBlock {
    enum Found: Equatable {
        case none
        case found([UInt8])
        case damaged(String)
    }

    static let header: [UInt8] = Array("Exif".utf8) + [0, 0]
    /// Most segments or chunks walked before giving up (real files have a handful before the
    /// image data).
    static let maxSegments = 1024
    /// PNG chunks walked: a large PNG holds thousands of IDAT chunks, 12 bytes of header each.
    static let maxPNGChunks = 1 << 20

    static func find(in bytes: [UInt8], kind: ImageKind, maxBytes: Int) -> Found {
        switch kind {
        case .jpeg: return jpeg(bytes)
        case .tiff: return .found(header + bytes.prefix(maxBytes))
        case .png: return png(bytes, maxBytes: maxBytes)
        case .webp: return webp(bytes, maxBytes: maxBytes)
        case .gif, .bmp, .heif: return .none
        }
    }

    /// The first APP1 segment that starts with "Exif\0\0", before the scan data.
    private static func jpeg(_ bytes: [UInt8]) -> Found {
        var offset = 2
        for _ in 0..<maxSegments {
            guard offset + 4 <= bytes.count else { return .none }
            guard bytes[offset] == 0xFF else { return .none }
            let marker = bytes[offset + 1]
            // Fill bytes, and markers without a length (RSTn, TEM).
            if marker == 0xFF { offset += 1; continue }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { offset += 2; continue }
            // Start of scan or end of image: the metadata segments are all before it.
            if marker == 0xDA || marker == 0xD9 { return .none }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2 else { return .damaged("The JPEG's segments are damaged: a segment declares a length below 2.") }
            let start = offset + 4, end = offset + 2 + length
            if marker == 0xE1, length >= 2 + header.count, bytes.count >= start + header.count,
               bytes[start..<(start + header.count)].elementsEqual(header) {
                guard end <= bytes.count else {
                    return .damaged("The image's EXIF block is cut short: its segment runs past the end of the file.")
                }
                return .found(Array(bytes[start..<end]))
            }
            offset = end
        }
        return .none
    }

    /// The eXIf chunk (PNG 1.5 extension), which holds the TIFF structure without a header.
    private static func png(_ bytes: [UInt8], maxBytes: Int) -> Found {
        var offset = 8
        for _ in 0..<maxPNGChunks {
            guard offset + 8 <= bytes.count else { return .none }
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let type = bytes[(offset + 4)..<(offset + 8)]
            let start = offset + 8
            if type.elementsEqual("eXIf".utf8) {
                guard length <= maxBytes, start + length <= bytes.count else {
                    return .damaged("The image's EXIF block is cut short or too large.")
                }
                return .found(header + bytes[start..<(start + length)])
            }
            // The chunk belongs before IDAT, but writers have put it after: walk to IEND.
            if type.elementsEqual("IEND".utf8) { return .none }
            offset = start + length + 4
        }
        return .none
    }

    /// The EXIF chunk of a WebP's RIFF container (with or without its own "Exif\0\0").
    private static func webp(_ bytes: [UInt8], maxBytes: Int) -> Found {
        var offset = 12
        for _ in 0..<maxSegments {
            guard offset + 8 <= bytes.count else { return .none }
            let length = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            let start = offset + 8
            if bytes[offset..<(offset + 4)].elementsEqual("EXIF".utf8) {
                guard length <= maxBytes, start + length <= bytes.count else {
                    return .damaged("The image's EXIF block is cut short or too large.")
                }
                let chunk = bytes[start..<(start + length)]
                return .found(chunk.starts(with: header) ? Array(chunk) : header + chunk)
            }
            offset = start + length + (length & 1)
        }
        return .none
    }
}
