/// The text of the graphics a part refers to through its relationships: charts (titles, axis
/// titles, series names, category labels, data labels), SmartArt diagrams and, from
/// worksheets and chartsheets, their drawings (text boxes and shapes, and the charts and
/// diagrams placed on them). Office keeps each of these in a part of its own, so a reader that
/// only follows the body misses text the reader of the document sees.
enum OOXMLGraphics {
    /// DrawingML text: shapes, text boxes, SmartArt points, a chart's rich text.
    static let drawingRules: XMLTextRules = {
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

    /// A chart's words: its rich text (titles, data labels) and the cached strings of the
    /// cells it names (series names, category labels). The plotted values, number formats
    /// and cell references are not text a reader sees as words.
    static let chartRules: XMLTextRules = {
        let c = OOXMLNamespace.chart
        var rules = drawingRules
        rules.textElements.formUnion(XMLTextRules.names(c, ["v"]))
        // Each cached value on a line of its own, so that labels do not run together.
        rules.paragraphElements.formUnion(XMLTextRules.names(c, ["v"]))
        // c:txPr is the text formatting of axes and labels: empty paragraphs, no words.
        rules.skippedElements.formUnion(XMLTextRules.names(c, ["val", "yVal", "bubbleSize", "f", "formatCode", "txPr"]))
        return rules
    }()

    /// Appends the text of the charts, diagrams and drawings `relationships` name, each part
    /// once (`done` holds the parts already read, lowercased), a drawing's own charts and
    /// diagrams after it.
    static func extractRelated(_ reader: inout OfficeReader, _ relationships: [OOXMLRelationship],
                               done: inout Set<String>, followDrawings: Bool = false) {
        for relationship in relationships {
            let isDrawing = followDrawings && relationship.hasType("drawing")
            guard isDrawing || relationship.hasType("chart") || relationship.hasType("diagramData"),
                  done.insert(relationship.target.lowercased()).inserted
            else { continue }
            if relationship.hasType("chart") {
                reader.extractText(relationship.target, rules: chartRules)
                // Shapes drawn over the chart (a text box on it) live in a part of their own.
                let chartRelationships = OOXMLPackage.relationships(&reader, of: relationship.target)
                for shapes in chartRelationships
                where shapes.hasType("chartUserShapes") && done.insert(shapes.target.lowercased()).inserted {
                    reader.extractText(shapes.target, rules: drawingRules)
                }
            } else {
                // SmartArt's data part holds the diagram's text once; its cached rendering
                // (the diagramDrawing relationship) repeats it and is left alone.
                reader.extractText(relationship.target, rules: drawingRules)
                if isDrawing {
                    let placed = OOXMLPackage.relationships(&reader, of: relationship.target)
                    extractRelated(&reader, placed, done: &done)
                }
            }
        }
    }
}
