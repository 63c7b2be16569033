/// The shared machinery of the OOXML and ODF extractors: reading parts out of the archive
/// within its limits, parsing them, and remembering what went wrong so that the outcome can
/// say "partial" with a reason instead of failing the whole document for one bad part.
struct OfficeReader {
    var archive: ZipArchive
    let limits: ExtractionLimits
    var buffer: OfficeTextBuffer
    /// One plain sentence per part that could not be read completely.
    private(set) var problems: [String] = []

    init(archive: ZipArchive, limits: ExtractionLimits) {
        self.archive = archive
        self.limits = limits
        self.buffer = OfficeTextBuffer(limit: limits.maxTextBytes)
    }

    mutating func note(_ problem: String) {
        problems.append(problem)
    }

    func hasPart(_ name: String) -> Bool {
        entry(name) != nil
    }

    /// Part names are case-insensitive in OPC and may arrive percent-encoded from a
    /// relationship target.
    private func entry(_ name: String) -> ZipArchive.Entry? {
        archive.entry(caseInsensitive: name) ?? OfficeReader.percentDecoded(name).flatMap { archive.entry(caseInsensitive: $0) }
    }

    /// The part's bytes; nil when it is absent (silently) or unreadable (a problem is noted).
    mutating func bytes(of name: String) -> [UInt8]? {
        guard let entry = entry(name) else { return nil }
        do {
            return try archive.read(entry)
        } catch {
            note("\(name) could not be read: \(error.description)")
            return nil
        }
    }

    /// Runs `handler` over the part; false when the part is absent or unreadable. A parse error
    /// is noted, and whatever the handler gathered before it is kept.
    mutating func parse<Handler: XMLEventHandler>(_ name: String, handler: inout Handler) -> Bool {
        guard let bytes = bytes(of: name) else { return false }
        do {
            try XMLEventParser.parse(bytes, maxDepth: limits.maxDepth, handler: &handler)
        } catch {
            note("\(name): \(error.description)")
        }
        return true
    }

    /// Appends the part's text, by `rules`, to the document's text as a block of its own.
    @discardableResult
    mutating func extractText(_ name: String, rules: XMLTextRules) -> Bool {
        buffer.startBlock()
        var handler = XMLRuledTextHandler(rules: rules, buffer: buffer)
        // Drop our reference so the handler's appends do not copy the text so far.
        buffer = OfficeTextBuffer(limit: 0)
        let found = parse(name, handler: &handler)
        buffer = handler.buffer
        return found
    }

    mutating func elements(_ name: String, localNames: Set<String>) -> [(name: XMLName, attributes: [XMLAttribute])] {
        var collector = XMLElementCollector(localNames: localNames, limit: archive.entries.count + limits.maxChildren)
        _ = parse(name, handler: &collector)
        return collector.elements
    }

    mutating func fields(_ name: String, wanted: Set<XMLName>) -> [XMLName: String] {
        var collector = XMLFieldCollector(wanted: wanted)
        _ = parse(name, handler: &collector)
        return collector.values
    }

    /// The extraction result: partial when a part failed or the text limit was reached.
    func document(title: String?, fields: [String: String], date: Int64?) -> ExtractedDocument {
        var reasons = problems
        if buffer.isTruncated {
            reasons.insert("The text was cut at the limit of \(limits.maxTextBytes) bytes.", at: 0)
        }
        let text = buffer.text.trimmingOfficeWhitespace()
        guard let first = reasons.first else {
            return ExtractedDocument(outcome: .ok, title: title, text: text, fields: fields, dateMilliseconds: date)
        }
        let reason = reasons.count == 1 ? first : "\(first) (and \(reasons.count - 1) more problems)"
        return ExtractedDocument(outcome: .partial, reason: reason, title: title, text: text, fields: fields,
                                 dateMilliseconds: date)
    }

    static func percentDecoded(_ name: String) -> String? {
        guard name.contains("%") else { return nil }
        var bytes: [UInt8] = []
        var iterator = Array(name.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
