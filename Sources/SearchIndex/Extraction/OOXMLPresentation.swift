/// PPTX (PresentationML): the text runs of each slide in presentation order (p:sldIdLst,
/// not the order of the slide files in the archive), each slide followed by its speaker
/// notes and comments.
enum OOXMLPresentation {
    static let slideRules: XMLTextRules = {
        let a = OOXMLNamespace.drawing
        var rules = XMLTextRules()
        rules.textElements = XMLTextRules.names(a, ["t"])
        rules.paragraphElements = XMLTextRules.names(a, ["p"])
        rules.breakElements = XMLTextRules.names(a, ["br"])
        rules.cellElements = XMLTextRules.names(a, ["tc"])
        rules.rowElements = XMLTextRules.names(a, ["tr"])
        rules.skippedElements = XMLTextRules.names(a, ["pPr", "rPr", "endParaRPr"]).union(OOXMLNamespace.fallback)
        return rules
    }()

    /// Legacy comments (p:cmLst): the text of each p:cm on a line.
    static let commentRules: XMLTextRules = {
        var rules = XMLTextRules()
        rules.textElements = XMLTextRules.names(OOXMLNamespace.presentation, ["text"])
        rules.paragraphElements = XMLTextRules.names(OOXMLNamespace.presentation, ["cm"])
        return rules
    }()

    static func extract(_ reader: inout OfficeReader, mainPart: String) -> ExtractedDocument {
        let relationships = OOXMLPackage.relationships(&reader, of: mainPart)
        let slideIds = reader.elements(mainPart, localNames: ["sldId"])
        guard reader.hasPart(mainPart), !(slideIds.isEmpty && !reader.problems.isEmpty) else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first ?? "The presentation part \(mainPart) is missing.")
        }
        // Each slide once: a list naming one slide part many times would only multiply work.
        var done: Set<String> = []
        let byId = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for slide in slideIds where OOXMLNamespace.presentation.contains(slide.name.namespace) {
            guard let id = slide.attributes.value("id", namespaces: OOXMLNamespace.relationships),
                  let relationship = byId[id], relationship.hasType("slide"),
                  done.insert(relationship.target.lowercased()).inserted
            else { continue }
            reader.extractText(relationship.target, rules: slideRules)
            for related in OOXMLPackage.relationships(&reader, of: relationship.target) {
                if related.hasType("notesSlide") {
                    reader.extractText(related.target, rules: slideRules)
                } else if related.hasType("comments") {
                    reader.extractText(related.target, rules: commentRules)
                }
            }
        }
        let properties = OOXMLPackage.coreProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }
}
