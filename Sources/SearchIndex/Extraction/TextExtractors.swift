/// Chooses among the text extractors of this folder (plain text, HTML/XML, CSV, email, mbox)
/// by media type, then file name extension, then the bytes themselves. Anything else
/// (images, PDF, Office, archives, audio, video) comes back `unsupported`: the store's
/// top-level dispatcher sends those to their own extractors.
public enum TextExtractors {
    public enum Format: String, Sendable, Equatable {
        case plainText = "text"
        case html
        case csv
        case email
        case mbox
    }

    public static func extract(_ bytes: [UInt8], name: String?, mediaType: String?, limits: ExtractionLimits) -> ExtractedDocument {
        if let tooBig = rejectOversized(bytes.count, limits: limits) { return tooBig }
        return extract(bytes[...], name: name, mediaType: mediaType, context: TextExtractionContext(limits: limits), depth: 0)
    }

    /// The extractor this folder would use, or nil when none of them applies.
    public static func format(name: String?, mediaType: String?, bytes: [UInt8]) -> Format? {
        format(name: name, mediaType: mediaType, bytes: bytes[...])
    }

    static func extract(_ bytes: ArraySlice<UInt8>, name: String?, mediaType: String?, context: TextExtractionContext,
                        depth: Int) -> ExtractedDocument {
        guard let format = format(name: name, mediaType: mediaType, bytes: bytes) else {
            return ExtractedDocument(outcome: .unsupported)
        }
        switch format {
        case .plainText: return PlainTextExtractor.extract(bytes, context: context, charset: charset(of: mediaType))
        case .html: return HTMLExtractor.extract(bytes, context: context, charsetLabel: charsetLabel(of: mediaType))
        case .csv: return CSVExtractor.extract(bytes, context: context, charset: charset(of: mediaType))
        case .email: return EmailExtractor.extract(bytes, context: context, depth: depth)
        case .mbox: return MboxExtractor.extract(bytes, context: context, depth: depth)
        }
    }

    /// The extraction of an attachment, or nil where another extractor (PDF, Office) or none
    /// applies: the store extracts those through the child item.
    static func extractChild(_ bytes: ArraySlice<UInt8>, name: String, mediaType: String, context: TextExtractionContext,
                             depth: Int) -> ExtractedDocument? {
        guard bytes.count <= context.limits.maxInputBytes else { return nil }
        let doc = extract(bytes, name: name, mediaType: mediaType, context: context, depth: depth)
        return doc.outcome == .unsupported ? nil : doc
    }

    static func rejectOversized(_ count: Int, limits: ExtractionLimits) -> ExtractedDocument? {
        guard count > limits.maxInputBytes else { return nil }
        return ExtractedDocument(outcome: .failed,
                                 reason: "The file is larger than the extraction limit of \(limits.maxInputBytes) bytes.")
    }

    // MARK: - Choosing

    private static let byMediaType: [String: Format] = {
        var map: [String: Format] = [:]
        for t in ["text/html", "application/xhtml+xml", "text/xml", "application/xml"] { map[t] = .html }
        for t in ["text/csv", "text/comma-separated-values", "application/csv", "text/tab-separated-values", "text/tsv"] { map[t] = .csv }
        for t in ["message/rfc822", "message/global", "multipart/related", "application/x-mimearchive"] { map[t] = .email }
        for t in ["application/mbox", "application/x-mbox"] { map[t] = .mbox }
        for t in ["application/json", "application/x-ndjson", "application/javascript", "application/x-sh",
                  "application/sql", "application/x-yaml", "application/yaml", "application/toml",
                  "application/x-subrip"] { map[t] = .plainText }
        return map
    }()

    private static let byExtension: [String: Format] = {
        var map: [String: Format] = [:]
        for e in ["txt", "text", "log", "md", "markdown", "rst", "json", "ndjson", "yaml", "yml", "ini", "cfg", "conf",
                  "srt", "vtt", "tex", "nfo"] { map[e] = .plainText }
        for e in ["htm", "html", "xhtml", "shtml", "xml"] { map[e] = .html }
        for e in ["csv", "tsv", "tab"] { map[e] = .csv }
        for e in ["eml", "mht", "mhtml"] { map[e] = .email }
        for e in ["mbox", "mbx", "mbs"] { map[e] = .mbox }
        return map
    }()

    /// Media types that say nothing about the content.
    private static let genericTypes: Set<String> = [
        "", "application/octet-stream", "binary/octet-stream", "application/x-unknown", "application/unknown",
        "unknown/unknown", "application/x-download", "application/force-download",
    ]

    /// Text types this folder does not read as text (RTF would come out as control words).
    private static let excludedTextTypes: Set<String> = ["text/rtf", "text/richtext"]

    static func format(name: String?, mediaType: String?, bytes: ArraySlice<UInt8>) -> Format? {
        // Flat OpenDocument is XML, but its own extractor reads it (Extractors.extract).
        if FlatODFDocument.recognises(bytes, name: name, mediaType: mediaType) { return nil }
        let type = essence(mediaType)
        let fromName = fileExtension(name).flatMap { byExtension[$0] }
        if let known = byMediaType[type] { return known }
        if type == "text/plain" {
            // Often a fallback label: a known extension, then the content, may say more.
            return fromName ?? sniff(bytes, allowBinaryGuess: false) ?? .plainText
        }
        if type.hasPrefix("text/") { return excludedTextTypes.contains(type) ? nil : .plainText }
        guard genericTypes.contains(type) else { return nil }
        return fromName ?? sniff(bytes, allowBinaryGuess: true)
    }

    /// "Text/HTML; charset=UTF-8" → "text/html".
    private static func essence(_ mediaType: String?) -> String {
        guard let mediaType else { return "" }
        let cut = mediaType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return TextNormalisation.collapseWhitespace(cut).lowercased()
    }

    private static func charsetLabel(of mediaType: String?) -> String? {
        guard let mediaType, mediaType.contains(";") else { return nil }
        return MIMEParameterizedValue(Array(mediaType.utf8))["charset"]
    }

    private static func charset(of mediaType: String?) -> Charset? {
        charsetLabel(of: mediaType).flatMap { Charset.named($0) }
    }

    private static func fileExtension(_ name: String?) -> String? {
        guard let name, let dot = name.lastIndex(of: ".") else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.isEmpty || ext.count > 10 ? nil : ext
    }

    /// Magic numbers of formats that are not text, whatever their name says.
    private static let binarySignatures: [[UInt8]] = [
        Array("%PDF".utf8), [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0xD0, 0xCF, 0x11, 0xE0],
        [0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47], Array("GIF8".utf8), [0x49, 0x49, 0x2A, 0x00],
        [0x4D, 0x4D, 0x00, 0x2A], Array("RIFF".utf8), [0x1F, 0x8B], Array("BZh".utf8), [0x37, 0x7A, 0xBC, 0xAF],
        Array("Rar!".utf8), Array("{\\rtf".utf8), Array("OggS".utf8), Array("ID3".utf8), Array("fLaC".utf8),
        [0x7F, 0x45, 0x4C, 0x46], Array("MZ".utf8), [0xFD, 0x37, 0x7A, 0x58, 0x5A], [0x28, 0xB5, 0x2F, 0xFD],
        Array("SQLite format 3".utf8), Array("wOFF".utf8), [0x00, 0x00, 0x01, 0x00],
    ]

    /// The format the content looks like: mbox, email, HTML/XML, else plain text (which
    /// itself turns away binary data); nil for known binary formats.
    static func sniff(_ bytes: ArraySlice<UInt8>, allowBinaryGuess: Bool) -> Format? {
        if allowBinaryGuess {
            if binarySignatures.contains(where: { bytes.starts(with: $0) }) { return nil }
            if bytes.count >= 12 && bytes.dropFirst(4).starts(with: Array("ftyp".utf8)) { return nil }  // MP4/MOV/HEIC
        }
        var head = Array(bytes.prefix(4096))
        if let (charset, start) = TextNormalisation.bom(bytes) {
            head = charset.decode(bytes[start...].prefix(4096))
        }
        if head.starts(with: Array("From ".utf8)) {
            let firstLineEnd = head.firstIndex(of: 0x0A).map { $0 + 1 } ?? head.count
            if knownHeaderCount(head[firstLineEnd...]) >= 1 { return .mbox }
        }
        if knownHeaderCount(head[...]) >= 2 { return .email }
        var p = 0
        while p < head.count && HTMLProlog.isSpace(head[p]) { p += 1 }
        if HTMLProlog.startsWith(head, at: p, "<?xml") { return .html }
        let lower = head.prefix(1024).map(HTMLProlog.lower)
        for marker in ["<!doctype html", "<html", "<head", "<body", "<title"] where contains(lower, marker) { return .html }
        return .plainText
    }

    /// How many well-known message header fields open `block` (0 unless it starts with a field).
    private static func knownHeaderCount(_ block: ArraySlice<UInt8>) -> Int {
        let known: Set<String> = ["from", "to", "cc", "subject", "date", "received", "message-id", "mime-version",
                                  "return-path", "delivered-to", "reply-to", "sender", "in-reply-to", "references",
                                  "content-type", "x-mailer", "user-agent"]
        var count = 0
        var lines = 0
        var ls = block.startIndex
        while ls < block.endIndex && lines < 40 {
            let newline = block[ls...].firstIndex(of: 0x0A)
            var line = block[ls..<(newline ?? block.endIndex)]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 {
                if lines == 0 { return 0 }
            } else {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                      line[..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return lines == 0 ? 0 : count }
                if known.contains(String(decoding: line[..<colon], as: UTF8.self).lowercased()) { count += 1 }
            }
            lines += 1
            ls = newline.map { $0 + 1 } ?? block.endIndex
        }
        return count
    }

    private static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard haystack.count >= n.count else { return false }
        return (0...(haystack.count - n.count)).contains { haystack[$0..<($0 + n.count)].elementsEqual(n) }
    }
}
