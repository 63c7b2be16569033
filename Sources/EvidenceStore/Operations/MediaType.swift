/// A media type for an item, from its first bytes where they are unambiguous and
/// otherwise from its file name extension. Informational only: nothing trusts it.
enum MediaType {
    static func guess(name: String, head: [UInt8]) -> String {
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        let lowered = name.lowercased()
        let ext = lowered.split(separator: ".").last.map(String.init) ?? ""
        if let known = byExtension[ext] { return known }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        return "application/octet-stream"
    }

    static let byExtension: [String: String] = [
        "txt": "text/plain", "csv": "text/csv", "html": "text/html", "htm": "text/html", "eml": "message/rfc822",
        "mbox": "application/mbox", "json": "application/json", "xml": "application/xml", "pdf": "application/pdf",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "tif": "image/tiff",
        "tiff": "image/tiff", "heic": "image/heic", "mp4": "video/mp4", "mov": "video/quicktime", "avi": "video/x-msvideo",
        "mkv": "video/x-matroska", "mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4", "zip": "application/zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "doc": "application/msword", "xls": "application/vnd.ms-excel", "rtf": "application/rtf",
        "ppt": "application/vnd.ms-powerpoint", "odp": "application/vnd.oasis.opendocument.presentation",
        "xlsb": "application/vnd.ms-excel.sheet.binary.macroenabled.12", "vsdx": "application/vnd.ms-visio.drawing",
        "fodt": "application/vnd.oasis.opendocument.text-flat-xml",
        "fods": "application/vnd.oasis.opendocument.spreadsheet-flat-xml",
        "fodp": "application/vnd.oasis.opendocument.presentation-flat-xml",
        "epub": "application/epub+zip", "xps": "application/vnd.ms-xpsdocument", "oxps": "application/oxps",
        "msg": "application/vnd.ms-outlook", "pst": "application/vnd.ms-outlook-pst", "ost": "application/vnd.ms-outlook-pst",
        "wpd": "application/vnd.wordperfect", "one": "application/onenote",
        "7z": "application/x-7z-compressed", "rar": "application/vnd.rar", "tar": "application/x-tar",
        "gz": "application/gzip", "tgz": "application/gzip", "bz2": "application/x-bzip2", "xz": "application/x-xz",
        "bmp": "image/bmp", "webp": "image/webp",
    ]
}
