/// OpenDocument (ODT, ODS, ODP and their templates): the body of content.xml, the page
/// headers and footers of styles.xml, and the properties of meta.xml.
enum ODFDocument {
    static let office = ["urn:oasis:names:tc:opendocument:xmlns:office:1.0"]
    static let text = ["urn:oasis:names:tc:opendocument:xmlns:text:1.0"]
    static let table = ["urn:oasis:names:tc:opendocument:xmlns:table:1.0"]
    static let style = ["urn:oasis:names:tc:opendocument:xmlns:style:1.0"]
    static let meta = ["urn:oasis:names:tc:opendocument:xmlns:meta:1.0"]

    static let bodyRules: XMLTextRules = {
        var rules = XMLTextRules()
        // Character data counts inside paragraphs and headings (spans, links, notes and
        // tracked deletions all sit inside them); table cells hold paragraphs too.
        rules.textElements = XMLTextRules.names(text, ["p", "h"])
        rules.paragraphElements = XMLTextRules.names(text, ["p", "h"])
        rules.tabElements = XMLTextRules.names(text, ["tab"])
        rules.breakElements = XMLTextRules.names(text, ["line-break"])
        rules.spaceElement = XMLName(namespace: text[0], local: "s")
        rules.cellElements = XMLTextRules.names(table, ["table-cell", "covered-table-cell"])
        rules.rowElements = XMLTextRules.names(table, ["table-row"])
        rules.scopeElements = XMLTextRules.names(office, ["body"])
        rules.collapseWhitespace = true
        return rules
    }()

    /// Page headers and footers live in styles.xml, in the master pages. Their fields (page
    /// numbers, dates, sheet names) hold placeholders such as "???" there, not text.
    static let headerRules: XMLTextRules = {
        var rules = bodyRules
        rules.scopeElements = XMLTextRules.names(style, ["header", "footer", "header-left", "footer-left",
                                                         "header-first", "footer-first"])
        rules.skippedElements = XMLTextRules.names(text, [
            "sheet-name", "title", "date", "time", "page-number", "page-count", "file-name", "chapter",
            "template-name", "page-continuation", "author-name", "author-initials",
        ])
        return rules
    }()

    /// `mimetype` decides whether page headers are read: those of text documents carry
    /// text ("CONFIDENTIAL", a letterhead); spreadsheets' are the application's defaults.
    static func extract(_ reader: inout OfficeReader, mimetype: String?) -> ExtractedDocument {
        if let encrypted = encryptedPart(&reader) {
            // ODF encrypts inside the package (the ZIP entries themselves are not flagged).
            return ExtractedDocument(outcome: .failed, reason: "The document is password-protected (\(encrypted) is encrypted).")
        }
        guard reader.extractText("content.xml", rules: bodyRules) else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first ?? "The document has no content.xml.")
        }
        if mimetype?.hasPrefix("application/vnd.oasis.opendocument.text") ?? true {
            reader.extractText("styles.xml", rules: headerRules)
        }
        let properties = metaProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }

    /// The first part the manifest declares encrypted (a manifest:encryption-data element
    /// inside its manifest:file-entry).
    private static func encryptedPart(_ reader: inout OfficeReader) -> String? {
        var current: String?
        for element in reader.elements("META-INF/manifest.xml", localNames: ["file-entry", "encryption-data"]) {
            if element.name.local == "file-entry" {
                current = element.attributes.value("full-path")
            } else if let path = current, path.hasSuffix(".xml") {
                return path
            }
        }
        return nil
    }

    private static func metaProperties(_ reader: inout OfficeReader) -> OfficeProperties {
        let dc = OOXMLNamespace.dublinCore
        let wanted = XMLTextRules.names(dc, ["title", "creator", "subject", "description", "date"])
            .union(XMLTextRules.names(meta, ["initial-creator", "keyword", "creation-date"]))
        let values = reader.fields("meta.xml", wanted: wanted)
        func value(_ namespaces: [String], _ local: String) -> String? {
            namespaces.lazy.compactMap { values[XMLName(namespace: $0, local: local)] }.first
        }
        var properties = OfficeProperties()
        properties.title = value(dc, "title")
        // meta:initial-creator wrote the document; dc:creator saved it last.
        properties.set("author", value(meta, "initial-creator") ?? value(dc, "creator"))
        if value(meta, "initial-creator") != nil { properties.set("last-modified-by", value(dc, "creator")) }
        properties.set("subject", value(dc, "subject"))
        properties.set("description", value(dc, "description"))
        properties.set("keywords", value(meta, "keyword"))
        properties.setDate("created", value(meta, "creation-date"))
        properties.setDate("modified", value(dc, "date"))
        return properties
    }
}
