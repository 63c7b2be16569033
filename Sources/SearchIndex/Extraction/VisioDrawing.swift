/// Visio drawings (VSDX, VSDM, VSTX; [MS-VSDX]): visio/document.xml leads to pages.xml,
/// whose `Page` elements list the pages in order; each page's name goes on a line, then the
/// `Text` of its shapes (groups included), a paragraph each. Master shapes' text (a
/// stencil's placeholder labels) is left out: what the drawing shows is on its pages.
enum VisioDrawing {
    static let visio = ["http://schemas.microsoft.com/office/visio/2012/main"]

    static let rules: XMLTextRules = {
        var rules = XMLTextRules()
        rules.textElements = XMLTextRules.names(visio, ["Text"])
        rules.paragraphElements = XMLTextRules.names(visio, ["Text"])
        return rules
    }()

    static func extract(_ reader: inout OfficeReader, mainPart: String) -> ExtractedDocument {
        guard reader.hasPart(mainPart) else {
            return ExtractedDocument(outcome: .failed, reason: "The drawing part \(mainPart) is missing.")
        }
        guard let pagesPart = OOXMLPackage.relationships(&reader, of: mainPart).first(where: { $0.hasType("pages") })?.target else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first ?? "The drawing has no pages part.")
        }
        let byID = Dictionary(OOXMLPackage.relationships(&reader, of: pagesPart).map { ($0.id, $0.target) },
                              uniquingKeysWith: { first, _ in first })
        // Each Page element carries its name and, in a Rel child, the relationship of its part.
        var pages: [(name: String?, part: String)] = []
        var pendingName: String?
        for element in reader.elements(pagesPart, localNames: ["Page", "Rel"]) {
            if element.name.local == "Page" {
                pendingName = element.attributes.value("Name") ?? element.attributes.value("NameU")
            } else if let id = element.attributes.value("id", namespaces: OOXMLNamespace.relationships), let part = byID[id] {
                pages.append((pendingName, part))
                pendingName = nil
            }
        }
        var done = Set<String>()
        for page in pages where done.insert(page.part.lowercased()).inserted {
            guard !reader.buffer.isTruncated else { break }
            if let name = page.name { reader.buffer.appendBlock(name) }
            if !reader.extractText(page.part, rules: rules) { reader.note("The page \(page.part) is missing.") }
        }
        let properties = OOXMLPackage.coreProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }
}
