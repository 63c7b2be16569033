/// OpenDocument (ODT, ODS, ODP and their templates): the body of content.xml (with a
/// presentation's header and footer declarations), the page headers and footers of
/// styles.xml, and the properties of meta.xml.
enum ODFDocument {
    static let office = ["urn:oasis:names:tc:opendocument:xmlns:office:1.0"]
    static let text = ["urn:oasis:names:tc:opendocument:xmlns:text:1.0"]
    static let table = ["urn:oasis:names:tc:opendocument:xmlns:table:1.0"]
    static let style = ["urn:oasis:names:tc:opendocument:xmlns:style:1.0"]
    static let meta = ["urn:oasis:names:tc:opendocument:xmlns:meta:1.0"]
    static let presentation = ["urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"]
    /// A presentation's header, footer and fixed date texts, declared once in content.xml and
    /// shown on the slides that name them.
    static let presentationDeclarations = XMLTextRules.names(presentation, ["header-decl", "footer-decl", "date-time-decl"])

    static let bodyRules: XMLTextRules = {
        var rules = XMLTextRules()
        // Character data counts inside paragraphs and headings (spans, links, notes and
        // tracked deletions all sit inside them); table cells hold paragraphs too.
        rules.textElements = XMLTextRules.names(text, ["p", "h"]).union(presentationDeclarations)
        rules.paragraphElements = XMLTextRules.names(text, ["p", "h"]).union(presentationDeclarations)
        rules.tabElements = XMLTextRules.names(text, ["tab"])
        rules.breakElements = XMLTextRules.names(text, ["line-break"])
        rules.spaceElement = XMLName(namespace: text[0], local: "s")
        rules.cellElements = XMLTextRules.names(table, ["table-cell", "covered-table-cell"])
        rules.rowElements = XMLTextRules.names(table, ["table-row"])
        rules.scopeElements = XMLTextRules.names(office, ["body"])
        rules.collapseWhitespace = true
        return rules
    }()

    /// Page headers and footers live in styles.xml, in the master pages (a spreadsheet's in
    /// its left, centre and right regions). Their fields (page numbers, dates, sheet names)
    /// hold placeholders such as "???" there, not text.
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

    /// Page headers and footers are read for every kind of document: a spreadsheet's carry a
    /// marking or an author as often as a letter's. The application's defaults ("Page 1",
    /// the sheet name) are fields, left out but for their literal words.
    static func extract(_ reader: inout OfficeReader, mimetype: String?) -> ExtractedDocument {
        if let encrypted = encryptedPart(&reader) {
            // ODF encrypts inside the package (the ZIP entries themselves are not flagged).
            return ExtractedDocument(outcome: .failed, reason: "The document is password-protected (\(encrypted) is encrypted).")
        }
        guard reader.extractText("content.xml", rules: bodyRules) else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first ?? "The document has no content.xml.")
        }
        reader.extractText("styles.xml", rules: headerRules)
        let properties = metaProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }

    /// The part the manifest declares encrypted (a manifest:encryption-data element inside its
    /// manifest:file-entry): the first XML part, else the first of any kind (ODF 1.4's
    /// whole-package encryption encrypts a single `encrypted-package` entry).
    private static func encryptedPart(_ reader: inout OfficeReader) -> String? {
        var current: String?
        var first: String?
        for element in reader.elements("META-INF/manifest.xml", localNames: ["file-entry", "encryption-data"]) {
            if element.name.local == "file-entry" {
                current = element.attributes.value("full-path")
            } else if let path = current {
                if path.hasSuffix(".xml") { return path }
                if first == nil { first = path }
            }
        }
        return first
    }

    private static func metaProperties(_ reader: inout OfficeReader) -> OfficeProperties {
        metaProperties(reader.fields("meta.xml", wanted: metaWanted))
    }

    /// The properties of meta.xml (or of a flat document's office:meta) worth indexing.
    static let metaWanted = XMLTextRules.names(OOXMLNamespace.dublinCore, ["title", "creator", "subject", "description", "date"])
        .union(XMLTextRules.names(meta, ["initial-creator", "keyword", "creation-date"]))

    static func metaProperties(_ values: [XMLName: String]) -> OfficeProperties {
        let dc = OOXMLNamespace.dublinCore
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
