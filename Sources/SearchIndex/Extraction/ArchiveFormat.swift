/// The archive formats the archive extractor reads through libarchive, told apart by their
/// signatures first and, for files without one (old tar), by media type or file name.
public enum ArchiveFormat: String, Sendable, Equatable, CaseIterable {
    case zip
    /// Uncompressed tar (ustar, pax, GNU, and old v7 tar by name or media type).
    case tar
    /// gzip, bzip2 or xz: a compressed tar, or else a lone compressed file (one member).
    case compressed
    case sevenZip = "7z"
    case rar

    /// Whether skipping a member costs only a seek: true where each member's stored size is
    /// known without decompressing (ZIP's directory, tar's headers). Elsewhere (a compressed
    /// stream, 7z's solid blocks, RAR) skipping the rest of a member means decompressing it,
    /// so reading stops at the first member cut short, rather than expanding a bomb to skip it.
    var skipsCheaply: Bool { self == .zip || self == .tar }

    /// The format `bytes` hold, or nil when they are no archive this extractor reads.
    public static func detect(_ bytes: [UInt8], name: String?, mediaType: String?) -> ArchiveFormat? {
        if let format = bySignature(bytes) { return format }
        // No signature: only tar lacks one (v7 tar); a name or type claiming another format
        // is still tried, and the outcome then says what libarchive made of the bytes.
        if let type = mediaType.map(essence), let format = byMediaType[type] { return format }
        if let name = name?.lowercased(), let dot = name.lastIndex(of: ".") {
            return byExtension[String(name[name.index(after: dot)...])]
        }
        return nil
    }

    static func bySignature(_ bytes: [UInt8]) -> ArchiveFormat? {
        // Local header, empty archive's end record, spanned-archive marker.
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
            || bytes.starts(with: [0x50, 0x4B, 0x07, 0x08]) { return .zip }
        if bytes.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .sevenZip }
        if bytes.starts(with: Array("Rar!\u{1A}\u{07}".utf8)) { return .rar }
        if bytes.starts(with: [0x1F, 0x8B]) || bytes.starts(with: Array("BZh".utf8))
            || bytes.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .compressed }
        // POSIX ustar and GNU tar: "ustar" at offset 257.
        if bytes.count >= 262 && bytes[257..<262].elementsEqual("ustar".utf8) { return .tar }
        return nil
    }

    /// Whether a ZIP's first member names it a document package (OPC's `[Content_Types].xml`
    /// or `_rels/`, ODF's and EPUB's `mimetype`, `META-INF/`): such a file is a document even
    /// when damaged, and its reader says what is wrong with it rather than its parts becoming
    /// items. Read from the first local header, so it holds for a file cut short.
    static func startsLikeDocumentPackage(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 30, bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
        let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
        guard nameLength > 0, 30 + nameLength <= bytes.count else { return false }
        let name = String(decoding: bytes[30..<(30 + nameLength)], as: UTF8.self)
        return name == "mimetype" || name == "[Content_Types].xml" || name.hasPrefix("_rels/") || name.hasPrefix("META-INF/")
    }

    private static let byMediaType: [String: ArchiveFormat] = [
        "application/zip": .zip, "application/x-zip-compressed": .zip, "application/x-zip": .zip,
        "application/x-tar": .tar, "application/x-gtar": .tar, "application/x-ustar": .tar,
        "application/gzip": .compressed, "application/x-gzip": .compressed, "application/x-bzip2": .compressed,
        "application/x-xz": .compressed, "application/x-compressed-tar": .compressed,
        "application/x-7z-compressed": .sevenZip, "application/vnd.rar": .rar, "application/x-rar-compressed": .rar,
        "application/x-rar": .rar,
    ]

    private static let byExtension: [String: ArchiveFormat] = [
        "zip": .zip, "tar": .tar, "tgz": .compressed, "gz": .compressed, "tbz": .compressed, "tbz2": .compressed,
        "bz2": .compressed, "txz": .compressed, "xz": .compressed, "7z": .sevenZip, "rar": .rar,
    ]

    /// "Application/ZIP; foo=bar" → "application/zip".
    private static func essence(_ mediaType: String) -> String {
        let cut = mediaType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(cut.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
            .lowercased()
    }
}
