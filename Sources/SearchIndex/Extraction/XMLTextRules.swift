/// Which elements of an XML vocabulary carry text and structure, for `XMLRuledTextHandler`.
/// WordprocessingML, DrawingML and ODF text all fit this shape.
struct XMLTextRules: Sendable {
    /// Character data is kept only inside one of these (w:t, a:t, text:p, ...).
    var textElements: Set<XMLName> = []
    /// A line end after each (paragraphs, headings).
    var paragraphElements: Set<XMLName> = []
    /// A tab in the text where they occur.
    var tabElements: Set<XMLName> = []
    /// A line end where they occur.
    var breakElements: Set<XMLName> = []
    /// Table cells: a tab after each (a trailing line end in the cell becomes the tab).
    var cellElements: Set<XMLName> = []
    /// Table rows: a line end after each.
    var rowElements: Set<XMLName> = []
    /// Nothing inside these is kept (alternate renderings, field codes, properties).
    var skippedElements: Set<XMLName> = []
    /// When not empty, text counts only inside one of these (office:body, style:header, ...).
    var scopeElements: Set<XMLName> = []
    /// ODF's `text:s`: `c` spaces (default 1).
    var spaceElement: XMLName?
    /// ODF collapses runs of white space in character data to one space (ODF 1.2 §6.1.2);
    /// WordprocessingML and DrawingML runs are kept as written.
    var collapseWhitespace = false

    /// Every combination of the namespaces (transitional and strict URIs) and local names.
    static func names(_ namespaces: [String], _ locals: [String]) -> Set<XMLName> {
        var names = Set<XMLName>()
        for namespace in namespaces {
            for local in locals { names.insert(XMLName(namespace: namespace, local: local)) }
        }
        return names
    }
}

/// What an element is to `XMLRuledTextHandler`: the rules folded into one lookup per event.
struct XMLElementRole: OptionSet, Sendable {
    let rawValue: UInt16
    static let text = XMLElementRole(rawValue: 1 << 0)
    static let paragraph = XMLElementRole(rawValue: 1 << 1)
    static let tab = XMLElementRole(rawValue: 1 << 2)
    static let lineBreak = XMLElementRole(rawValue: 1 << 3)
    static let cell = XMLElementRole(rawValue: 1 << 4)
    static let row = XMLElementRole(rawValue: 1 << 5)
    static let skipped = XMLElementRole(rawValue: 1 << 6)
    static let scope = XMLElementRole(rawValue: 1 << 7)
    static let space = XMLElementRole(rawValue: 1 << 8)

    static func table(_ rules: XMLTextRules) -> [XMLName: XMLElementRole] {
        var roles: [XMLName: XMLElementRole] = [:]
        let sets: [(Set<XMLName>, XMLElementRole)] = [
            (rules.textElements, .text), (rules.paragraphElements, .paragraph), (rules.tabElements, .tab),
            (rules.breakElements, .lineBreak), (rules.cellElements, .cell), (rules.rowElements, .row),
            (rules.skippedElements, .skipped), (rules.scopeElements, .scope),
        ]
        for (names, role) in sets {
            for name in names { roles[name, default: []].insert(role) }
        }
        if let space = rules.spaceElement { roles[space, default: []].insert(.space) }
        return roles
    }
}

/// Collects the text of a part by `XMLTextRules` into an `OfficeTextBuffer`.
struct XMLRuledTextHandler: XMLEventHandler {
    let rules: XMLTextRules
    var buffer: OfficeTextBuffer
    private let roles: [XMLName: XMLElementRole]
    private let scoped: Bool
    private var skipDepth = 0
    private var textDepth = 0
    private var scopeDepth = 0
    /// Most spaces one `text:s` may add: its count comes from the file.
    static let maxSpaces = 1024

    init(rules: XMLTextRules, buffer: OfficeTextBuffer) {
        self.rules = rules
        self.buffer = buffer
        self.roles = XMLElementRole.table(rules)
        self.scoped = !rules.scopeElements.isEmpty
    }

    private var inScope: Bool { skipDepth == 0 && (!scoped || scopeDepth > 0) }
    var wantsText: Bool { inScope && textDepth > 0 }
    var shouldStop: Bool { buffer.isTruncated }

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) {
        if skipDepth > 0 { skipDepth += 1; return }
        guard let role = roles[name] else { return }
        if role.contains(.skipped) { skipDepth = 1; return }
        if role.contains(.scope) { scopeDepth += 1 }
        guard inScope else { return }
        if role.contains(.text) { textDepth += 1 }
        if role.contains(.tab) {
            buffer.append("\t")
        } else if role.contains(.lineBreak) {
            buffer.append("\n")
        } else if role.contains(.space) && textDepth > 0 {
            let count = attributes.first { $0.name.local == "c" }.flatMap { Int($0.value) } ?? 1
            buffer.append(String(repeating: " ", count: min(max(count, 1), Self.maxSpaces)))
        }
    }

    mutating func endElement(_ name: XMLName) {
        if skipDepth > 0 { skipDepth -= 1; return }
        guard let role = roles[name] else { return }
        if inScope {
            if role.contains(.text) { textDepth = max(0, textDepth - 1) }
            if role.contains(.paragraph) {
                buffer.dropTrailing([" "])
                buffer.append("\n")
            } else if role.contains(.cell) {
                buffer.dropTrailing([" ", "\n"])
                buffer.append("\t")
            } else if role.contains(.row) {
                buffer.dropTrailing([" ", "\t", "\n"])
                buffer.append("\n")
            }
        }
        if role.contains(.scope) { scopeDepth = max(0, scopeDepth - 1) }
    }

    mutating func text(_ text: String) {
        guard rules.collapseWhitespace else {
            buffer.append(text)
            return
        }
        var collapsed = ""
        collapsed.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                pendingSpace = true
                continue
            }
            if pendingSpace && !(collapsed.isEmpty && buffer.endsWithSpaceOrBreak) { collapsed.append(" ") }
            pendingSpace = false
            collapsed.append(character)
        }
        if pendingSpace && !(collapsed.isEmpty && buffer.endsWithSpaceOrBreak) { collapsed.append(" ") }
        buffer.append(collapsed)
    }
}
