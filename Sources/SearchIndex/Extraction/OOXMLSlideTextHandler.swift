/// The text of a slide, slide layout or slide master, by the DrawingML rules, and whether the
/// part hides the shapes of the master behind it (`showMasterSp="0"` on its root).
///
/// With `skipsPlaceholders`, the text of placeholder shapes (a p:sp whose p:nvPr holds a p:ph)
/// is left out: on a layout or master it is the prompt PowerPoint shows while editing ("Click
/// to edit Master title style"), which the slides replace with their own text. The layout's
/// or master's other shapes (a banner, a force's name, a classification marking) are drawn on
/// every slide that uses it, and are kept.
struct OOXMLSlideTextHandler: XMLEventHandler {
    var inner: XMLRuledTextHandler
    let skipsPlaceholders: Bool
    private(set) var hidesMasterShapes = false
    /// For each open element: whether its start went to `text` (so its end must too).
    private var forwarded: [Bool] = []
    /// Positions in `forwarded` of the open p:sp elements.
    private var openShapes: [Int] = []
    /// Position in `forwarded` of the placeholder shape being left out.
    private var placeholderShape: Int?

    init(rules: XMLTextRules, buffer: OfficeTextBuffer, skipsPlaceholders: Bool) {
        self.inner = XMLRuledTextHandler(rules: rules, buffer: buffer)
        self.skipsPlaceholders = skipsPlaceholders
    }

    var wantsText: Bool { placeholderShape == nil && inner.wantsText }
    var shouldStop: Bool { inner.shouldStop }

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) {
        if forwarded.isEmpty {
            let show = attributes.value("showMasterSp")
            hidesMasterShapes = show == "0" || show == "false"
        }
        if OOXMLNamespace.presentation.contains(name.namespace) {
            if name.local == "sp" {
                openShapes.append(forwarded.count)
            } else if name.local == "ph", skipsPlaceholders, placeholderShape == nil, let shape = openShapes.last {
                // p:nvSpPr comes before p:txBody, so the shape is known to be a placeholder
                // before any of its text arrives.
                placeholderShape = shape
            }
        }
        let forward = placeholderShape == nil
        forwarded.append(forward)
        if forward { inner.startElement(name, attributes: attributes) }
    }

    mutating func endElement(_ name: XMLName) {
        guard let forward = forwarded.popLast() else { return }
        if forward { inner.endElement(name) }
        if openShapes.last == forwarded.count { openShapes.removeLast() }
        if placeholderShape == forwarded.count { placeholderShape = nil }
    }

    mutating func text(_ string: String) {
        if placeholderShape == nil { inner.text(string) }
    }
}
