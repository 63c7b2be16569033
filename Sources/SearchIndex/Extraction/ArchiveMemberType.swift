/// A media type for an archive member, which archives do not record: from its first bytes
/// where they are unambiguous, else from its name's extension, else
/// application/octet-stream (the text extractors then look at the bytes). It decides the
/// item's kind and which extractor reads it; nothing trusts it.
enum ArchiveMemberType {
    static func guess(name: String, head: ArraySlice<UInt8>) -> String {
        for (signature, type) in signatures where head.starts(with: signature) { return type }
        // A ZIP may be an office document: its extension says which; the extractor decides.
        let ext = name.split(separator: "/").last.flatMap { last -> String? in
            guard let dot = last.lastIndex(of: ".") else { return nil }
            return String(last[last.index(after: dot)...]).lowercased()
        }
        if let ext, let known = byExtension[ext] { return known }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        if let format = ArchiveFormat.bySignature(Array(head.prefix(262))) { return archiveTypes[format] ?? "application/octet-stream" }
        return "application/octet-stream"
    }

    private static let signatures: [([UInt8], String)] = [
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        (Array("GIF8".utf8), "image/gif"),
        (Array("%PDF-".utf8), "application/pdf"),
    ]

    private static let archiveTypes: [ArchiveFormat: String] = [
        .zip: "application/zip", .tar: "application/x-tar", .compressed: "application/gzip",
        .sevenZip: "application/x-7z-compressed", .rar: "application/vnd.rar",
    ]

    private static let byExtension: [String: String] = [
        "txt": "text/plain", "log": "text/plain", "md": "text/plain", "csv": "text/csv", "html": "text/html",
        "htm": "text/html", "xml": "application/xml", "json": "application/json", "eml": "message/rfc822",
        "mbox": "application/mbox", "pdf": "application/pdf", "rtf": "application/rtf",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "tif": "image/tiff",
        "tiff": "image/tiff", "heic": "image/heic", "bmp": "image/bmp", "webp": "image/webp",
        "mp4": "video/mp4", "mov": "video/quicktime", "avi": "video/x-msvideo", "mkv": "video/x-matroska",
        "3gp": "video/3gpp", "mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4", "amr": "audio/amr",
        "opus": "audio/opus", "ogg": "audio/ogg",
        "zip": "application/zip", "tar": "application/x-tar", "gz": "application/gzip", "tgz": "application/gzip",
        "bz2": "application/x-bzip2", "xz": "application/x-xz", "7z": "application/x-7z-compressed",
        "rar": "application/vnd.rar",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation",
        "doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint",
    ]
}
