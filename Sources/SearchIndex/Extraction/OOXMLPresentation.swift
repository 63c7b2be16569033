/// PPTX (PresentationML): the text runs of each slide in presentation order (p:sldIdLst,
/// not the order of the slide files in the archive), each slide followed by its charts and
/// SmartArt, its speaker notes and comments; then the text of the slide layouts and masters
/// those slides show, each once, without their placeholders' prompt text.
enum OOXMLPresentation {
    static let slideRules = OOXMLGraphics.drawingRules

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
        // The layouts of slides that show their layout's and master's shapes, in first use order.
        var layouts: [String] = []
        let byId = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for slide in slideIds where OOXMLNamespace.presentation.contains(slide.name.namespace) {
            guard let id = slide.attributes.value("id", namespaces: OOXMLNamespace.relationships),
                  let relationship = byId[id], relationship.hasType("slide"),
                  done.insert(relationship.target.lowercased()).inserted
            else { continue }
            let hidesMaster = extractSlidePart(&reader, relationship.target, skipsPlaceholders: false)
            let slideRelationships = OOXMLPackage.relationships(&reader, of: relationship.target)
            OOXMLGraphics.extractRelated(&reader, slideRelationships, done: &done)
            for related in slideRelationships {
                if related.hasType("notesSlide") {
                    reader.extractText(related.target, rules: slideRules)
                } else if related.hasType("comments") {
                    reader.extractText(related.target, rules: commentRules)
                } else if related.hasType("slideLayout"), !hidesMaster, !layouts.contains(related.target.lowercased()) {
                    layouts.append(related.target.lowercased())
                }
            }
        }
        extractLayoutsAndMasters(&reader, layouts: layouts, done: &done)
        let properties = OOXMLPackage.coreProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }

    /// Layouts no shown slide uses are left out: their text appears on no slide.
    private static func extractLayoutsAndMasters(_ reader: inout OfficeReader, layouts: [String], done: inout Set<String>) {
        var masters: [String] = []
        for layout in layouts where done.insert(layout).inserted {
            let hidesMaster = extractSlidePart(&reader, layout, skipsPlaceholders: true)
            let layoutRelationships = OOXMLPackage.relationships(&reader, of: layout)
            OOXMLGraphics.extractRelated(&reader, layoutRelationships, done: &done)
            for master in layoutRelationships where master.hasType("slideMaster") && !hidesMaster {
                if !masters.contains(master.target.lowercased()) { masters.append(master.target.lowercased()) }
            }
        }
        for master in masters where done.insert(master).inserted {
            extractSlidePart(&reader, master, skipsPlaceholders: true)
            let masterRelationships = OOXMLPackage.relationships(&reader, of: master)
            OOXMLGraphics.extractRelated(&reader, masterRelationships, done: &done)
        }
    }

    /// Appends the part's text as a block of its own; true when the part hides its master's shapes.
    @discardableResult
    private static func extractSlidePart(_ reader: inout OfficeReader, _ part: String, skipsPlaceholders: Bool) -> Bool {
        reader.buffer.startBlock()
        var handler = OOXMLSlideTextHandler(rules: slideRules, buffer: reader.buffer, skipsPlaceholders: skipsPlaceholders)
        // Drop our reference so the handler's appends do not copy the text so far.
        reader.buffer = OfficeTextBuffer(limit: 0)
        _ = reader.parse(part, handler: &handler)
        reader.buffer = handler.inner.buffer
        return handler.hidesMasterShapes
    }
}
