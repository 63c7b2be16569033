/// DOCX (WordprocessingML): the main document, then its footnotes, endnotes, comments,
/// headers and footers, each paragraph on a line of its own, each part followed by the charts
/// and SmartArt it shows. Text boxes (wps:txbx, and VML's v:textbox in older files) hold
/// their paragraphs inline, in w:txbxContent, so they come with the part they sit in.
enum OOXMLWord {
    static let rules: XMLTextRules = {
        let w = OOXMLNamespace.word
        var rules = XMLTextRules()
        // w:delText is text removed under tracked changes: kept, since what a document once
        // said can matter as much as what it says now.
        rules.textElements = XMLTextRules.names(w, ["t", "delText"]).union(XMLTextRules.names(OOXMLNamespace.math, ["t"]))
        rules.paragraphElements = XMLTextRules.names(w, ["p"])
        rules.tabElements = XMLTextRules.names(w, ["tab", "ptab"])
        rules.breakElements = XMLTextRules.names(w, ["br", "cr"])
        rules.cellElements = XMLTextRules.names(w, ["tc"])
        rules.rowElements = XMLTextRules.names(w, ["tr"])
        // Paragraph and run properties hold tab stops (w:tabs/w:tab), not tabs; field
        // instructions are codes (HYPERLINK "..."), not text.
        rules.skippedElements = XMLTextRules.names(w, ["pPr", "rPr", "instrText", "delInstrText"])
            .union(OOXMLNamespace.fallback)
        return rules
    }()

    /// Relationship types of the parts read after the body, in this order.
    static let secondaryParts = ["footnotes", "endnotes", "comments", "header", "footer"]

    static func extract(_ reader: inout OfficeReader, mainPart: String) -> ExtractedDocument {
        guard reader.extractText(mainPart, rules: rules) else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first ?? "The document part \(mainPart) is missing.")
        }
        let relationships = OOXMLPackage.relationships(&reader, of: mainPart)
        var done: Set<String> = [mainPart.lowercased()]
        OOXMLGraphics.extractRelated(&reader, relationships, done: &done)
        for type in secondaryParts {
            for relationship in relationships where relationship.hasType(type) {
                guard done.insert(relationship.target.lowercased()).inserted else { continue }
                guard reader.extractText(relationship.target, rules: rules) else { continue }
                let partRelationships = OOXMLPackage.relationships(&reader, of: relationship.target)
                OOXMLGraphics.extractRelated(&reader, partRelationships, done: &done)
            }
        }
        let properties = OOXMLPackage.coreProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }
}
