/// XLSX (SpreadsheetML): each sheet in workbook order (hidden ones too: what is hidden in a
/// workbook can matter most), its name on a line, then its cells, then its cell comments,
/// then its drawing: text boxes and shapes, charts and SmartArt. Chartsheets (a sheet that is
/// one chart) come in the same order, with their name and their chart.
enum OOXMLSpreadsheet {
    static let commentRules: XMLTextRules = {
        let s = OOXMLNamespace.spreadsheet
        var rules = XMLTextRules()
        rules.textElements = XMLTextRules.names(s, ["t"])
        rules.paragraphElements = XMLTextRules.names(s, ["comment"])
        rules.skippedElements = XMLTextRules.names(s, ["rPh"]).union(OOXMLNamespace.fallback)
        return rules
    }()

    static func extract(_ reader: inout OfficeReader, mainPart: String) -> ExtractedDocument {
        let relationships = OOXMLPackage.relationships(&reader, of: mainPart)
        let sheetList = reader.elements(mainPart, localNames: ["sheet"])
        guard reader.hasPart(mainPart), !(sheetList.isEmpty && !reader.problems.isEmpty) else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first ?? "The workbook part \(mainPart) is missing.")
        }
        let sharedStrings = loadSharedStrings(&reader, relationships)

        var sheets: [(name: String, part: String)] = []
        var done: Set<String> = []
        let byId = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for sheet in sheetList where OOXMLNamespace.spreadsheet.contains(sheet.name.namespace) {
            guard let id = sheet.attributes.value("id", namespaces: OOXMLNamespace.relationships),
                  let relationship = byId[id], relationship.hasType("worksheet") || relationship.hasType("chartsheet"),
                  done.insert(relationship.target.lowercased()).inserted
            else { continue }
            sheets.append((sheet.attributes.value("name") ?? "", relationship.target))
        }
        // Parts already read; a drawing or chart two sheets share is read once.
        var graphicsDone: Set<String> = []
        for sheet in sheets {
            reader.buffer.startBlock()
            if !sheet.name.isEmpty { reader.buffer.appendBlock(sheet.name) }
            var handler = OOXMLSheetHandler(sharedStrings: sharedStrings, buffer: reader.buffer)
            reader.buffer = OfficeTextBuffer(limit: 0)
            _ = reader.parse(sheet.part, handler: &handler)
            reader.buffer = handler.buffer
            let sheetRelationships = OOXMLPackage.relationships(&reader, of: sheet.part)
            for comments in sheetRelationships where comments.hasType("comments") {
                reader.extractText(comments.target, rules: commentRules)
            }
            OOXMLGraphics.extractRelated(&reader, sheetRelationships, done: &graphicsDone, followDrawings: true)
        }
        let properties = OOXMLPackage.coreProperties(&reader)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }

    private static func loadSharedStrings(_ reader: inout OfficeReader, _ relationships: [OOXMLRelationship]) -> [String] {
        guard let part = relationships.first(where: { $0.hasType("sharedStrings") })?.target else { return [] }
        var handler = OOXMLSharedStringsHandler(byteLimit: reader.limits.maxTextBytes)
        _ = reader.parse(part, handler: &handler)
        if handler.isTruncated {
            reader.note("The shared strings of the workbook pass the text limit; later ones were left out.")
        }
        return handler.strings
    }
}
