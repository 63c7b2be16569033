/// Flat OpenDocument (FODT, FODS, FODP, FODG): the whole document in one XML file, an
/// `office:document` element holding what a package splits into content.xml, styles.xml and
/// meta.xml. Read with the package's own rules (ODFDocument), not as generic XML, so that the
/// styles, settings and metadata do not come out as body text.
enum FlatODFDocument {
    static let extensions: Set<String> = ["fodt", "fods", "fodp", "fodg"]
    static let mediaTypes: Set<String> = [
        "application/vnd.oasis.opendocument.text-flat-xml", "application/vnd.oasis.opendocument.spreadsheet-flat-xml",
        "application/vnd.oasis.opendocument.presentation-flat-xml", "application/vnd.oasis.opendocument.graphics-flat-xml",
    ]

    /// Whether the file is (or claims to be) flat ODF: by extension or media type, or by its
    /// start: an XML root element `document` in the ODF office namespace.
    static func recognises(_ bytes: ArraySlice<UInt8>, name: String?, mediaType: String?) -> Bool {
        if let type = mediaType?.split(separator: ";").first?.lowercased(), mediaTypes.contains(type.trimmingOfficeWhitespace()) {
            return true
        }
        if let name, let dot = name.lastIndex(of: "."), extensions.contains(name[name.index(after: dot)...].lowercased()) {
            return true
        }
        return looksFlat(bytes)
    }

    /// The root element, within the first 4 KiB: `<office:document` (any prefix) with the
    /// office namespace declared.
    static func looksFlat(_ bytes: ArraySlice<UInt8>) -> Bool {
        let prefix = bytes.prefix(4096)
        // Cheap refusal first (this runs for every text part of every email): ASCII-compatible
        // XML names the namespace in these bytes; UTF-16 starts with a byte order mark or a NUL.
        let utf16 = prefix.starts(with: [0xFE, 0xFF]) || prefix.starts(with: [0xFF, 0xFE]) || prefix.first == 0 || prefix.dropFirst().first == 0
        guard utf16 || containsNamespace(prefix) else { return false }
        let head = String(decoding: XMLEncoding.utf8(Array(prefix)), as: UTF8.self)
        guard head.contains("urn:oasis:names:tc:opendocument:xmlns:office:1.0") else { return false }
        var rest = Substring(head)
        // Skip the declaration, comments and processing instructions to the first element.
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            if after.hasPrefix("?") || after.hasPrefix("!") {
                guard let close = after.firstIndex(of: ">") else { return false }
                rest = after[after.index(after: close)...]
                continue
            }
            let name = after.prefix { $0 != " " && $0 != ">" && $0 != "\n" && $0 != "\t" && $0 != "\r" && $0 != "/" }
            return name == "document" || name.hasSuffix(":document")
        }
        return false
    }

    private static let namespaceBytes = Array("opendocument:xmlns:office:1.0".utf8)

    private static func containsNamespace(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = namespaceBytes.first, bytes.count >= namespaceBytes.count else { return false }
        var index = bytes.startIndex
        let last = bytes.endIndex - namespaceBytes.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + namespaceBytes.count)].elementsEqual(namespaceBytes) { return true }
            index += 1
        }
        return false
    }

    static func extract(_ bytes: [UInt8], limits: ExtractionLimits) -> ExtractedDocument {
        var problems: [String] = []
        var body = XMLRuledTextHandler(rules: ODFDocument.bodyRules, buffer: OfficeTextBuffer(limit: limits.maxTextBytes))
        do {
            try XMLEventParser.parse(bytes, maxDepth: limits.maxDepth, handler: &body)
        } catch {
            problems.append("The flat OpenDocument file is damaged: \(error.description).")
        }
        var buffer = body.buffer
        if !buffer.isTruncated, problems.isEmpty {
            buffer.startBlock()
            var headers = XMLRuledTextHandler(rules: ODFDocument.headerRules, buffer: buffer)
            buffer = OfficeTextBuffer(limit: 0)
            try? XMLEventParser.parse(bytes, maxDepth: limits.maxDepth, handler: &headers)
            buffer = headers.buffer
        }
        var collector = XMLFieldCollector(wanted: ODFDocument.metaWanted)
        try? XMLEventParser.parse(bytes, maxDepth: limits.maxDepth, handler: &collector)
        let properties = ODFDocument.metaProperties(collector.values)
        if buffer.isTruncated { problems.insert("The text was cut at the limit of \(limits.maxTextBytes) bytes.", at: 0) }
        let text = buffer.text.trimmingOfficeWhitespace()
        guard let reason = problems.first else {
            return ExtractedDocument(outcome: .ok, title: properties.title, text: text, fields: properties.fields,
                                     dateMilliseconds: properties.dateMilliseconds)
        }
        return ExtractedDocument(outcome: text.isEmpty ? .failed : .partial, reason: reason, title: properties.title,
                                 text: text, fields: properties.fields, dateMilliseconds: properties.dateMilliseconds)
    }
}
