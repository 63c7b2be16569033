/// XPS and OpenXPS (ECMA-388): a FixedDocumentSequence lists FixedDocuments, each lists its
/// FixedPages, and a page's text is the `UnicodeString` of its `Glyphs` elements, in drawing
/// order. Glyphs on one baseline (the same OriginY, one after another) are joined with a
/// space; a new baseline starts a new line.
enum XPSDocument {
    static func extract(_ reader: inout OfficeReader, sequencePart: String) -> ExtractedDocument {
        guard reader.hasPart(sequencePart) else {
            return ExtractedDocument(outcome: .failed, reason: "The XPS document's sequence part \(sequencePart) is missing.")
        }
        let documents = references(&reader, in: sequencePart, localName: "DocumentReference")
        var pages: [String] = []
        for document in documents {
            pages += references(&reader, in: document, localName: "PageContent")
            guard pages.count <= reader.limits.maxChildren else { break }
        }
        if documents.isEmpty { reader.note("The XPS document's sequence lists no document.") }
        var done = Set<String>()
        for page in pages.prefix(reader.limits.maxChildren) where done.insert(page.lowercased()).inserted {
            guard !reader.buffer.isTruncated else { break }
            reader.buffer.startBlock()
            var handler = XPSGlyphsHandler(buffer: reader.buffer)
            reader.buffer = OfficeTextBuffer(limit: 0)
            if !reader.parse(page, handler: &handler) { reader.note("The page \(page) is missing.") }
            reader.buffer = handler.buffer
        }
        let properties = OOXMLPackage.coreProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }

    /// The `Source` of each `localName` element of `part`, resolved against its folder.
    private static func references(_ reader: inout OfficeReader, in part: String, localName: String) -> [String] {
        let folder = OOXMLPackage.directory(of: part)
        return reader.elements(part, localNames: [localName]).compactMap { element in
            element.attributes.value("Source").map { OOXMLPackage.resolve($0, from: folder) }
        }
    }
}

/// Collects a FixedPage's Glyphs strings into lines.
struct XPSGlyphsHandler: XMLEventHandler {
    var buffer: OfficeTextBuffer
    private var lastOriginY: String?

    init(buffer: OfficeTextBuffer) {
        self.buffer = buffer
    }

    var wantsText: Bool { false }
    var shouldStop: Bool { buffer.isTruncated }

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) {
        guard name.local == "Glyphs", var string = attributes.value("UnicodeString"), !string.isEmpty else { return }
        // "{}" escapes a string that itself begins with "{" (ECMA-388 §5.1.4).
        if string.hasPrefix("{}") { string.removeFirst(2) }
        let originY = attributes.value("OriginY")
        if let lastOriginY, lastOriginY == originY {
            if !buffer.endsWithSpaceOrBreak { buffer.append(" ") }
        } else if !buffer.text.isEmpty, !buffer.text.hasSuffix("\n") {
            buffer.append("\n")
        }
        buffer.append(string)
        lastOriginY = originY
    }

    mutating func endElement(_ name: XMLName) {}
    mutating func text(_ text: String) {}
}
