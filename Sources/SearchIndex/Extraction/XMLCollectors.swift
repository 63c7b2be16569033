/// Collects the attributes of every element with a wanted local name (relationships, content
/// types, sheet and slide lists, manifest entries), up to a bounded count.
struct XMLElementCollector: XMLEventHandler {
    let wanted: Set<String>
    let limit: Int
    private(set) var elements: [(name: XMLName, attributes: [XMLAttribute])] = []

    init(localNames: Set<String>, limit: Int) {
        self.wanted = localNames
        self.limit = limit
    }

    var wantsText: Bool { false }
    var shouldStop: Bool { elements.count >= limit }

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) {
        if wanted.contains(name.local) { elements.append((name, attributes)) }
    }

    mutating func endElement(_ name: XMLName) {}
    mutating func text(_ text: String) {}
}

extension [XMLAttribute] {
    /// The value of the first attribute with this local name (and namespace, when given).
    func value(_ local: String, namespaces: [String]? = nil) -> String? {
        first { $0.name.local == local && (namespaces?.contains($0.name.namespace) ?? true) }?.value
    }
}

/// Collects the text of simple elements (dc:title, cp:keywords, meta:creation-date, ...):
/// the first occurrence of each wanted name, each bounded in length.
struct XMLFieldCollector: XMLEventHandler {
    let wanted: Set<XMLName>
    static let maxFieldBytes = 4096
    private(set) var values: [XMLName: String] = [:]
    private var current: XMLName?
    private var currentText = ""
    private var depthInField = 0

    init(wanted: Set<XMLName>) {
        self.wanted = wanted
    }

    var wantsText: Bool { current != nil }
    var shouldStop: Bool { false }

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) {
        if current != nil { depthInField += 1; return }
        if wanted.contains(name), values[name] == nil {
            current = name
            currentText = ""
            depthInField = 0
        }
    }

    mutating func endElement(_ name: XMLName) {
        guard let open = current else { return }
        if depthInField > 0 { depthInField -= 1; return }
        let value = currentText.trimmingOfficeWhitespace()
        if !value.isEmpty { values[open] = value }
        current = nil
    }

    mutating func text(_ text: String) {
        guard currentText.utf8.count < Self.maxFieldBytes else { return }
        currentText += text.utf8.count <= Self.maxFieldBytes ? text : String(decoding: text.utf8.prefix(Self.maxFieldBytes), as: UTF8.self)
    }
}
