/// A relationship from an OPC part (ECMA-376 Part 2): its id, its type URI and the part name
/// it points to, resolved against the source part's folder.
struct OOXMLRelationship {
    var id: String
    var type: String
    var target: String

    /// Types are compared by their last path segment, which is the same in the transitional
    /// (`http://schemas.openxmlformats.org/officeDocument/2006/relationships/header`) and the
    /// strict (`http://purl.oclc.org/ooxml/officeDocument/relationships/header`) URIs.
    func hasType(_ last: String) -> Bool {
        type.hasSuffix("/" + last)
    }
}

/// The Open Packaging Conventions over an `OfficeReader`: content types, relationships,
/// the main part and the core properties.
enum OOXMLPackage {
    enum Kind: Equatable {
        case word, spreadsheet, presentation
        /// XLSB: a workbook of binary (BIFF12) parts.
        case binarySpreadsheet
        /// XPS and OpenXPS: the main part is the FixedDocumentSequence.
        case fixedDocument
        /// Visio (VSDX, VSDM, VSTX): the main part is visio/document.xml.
        case visio
        /// A package we do not extract: its content type.
        case other(String)
    }

    /// The main part and its kind, from `_rels/.rels` and `[Content_Types].xml`.
    static func mainPart(_ reader: inout OfficeReader) -> (part: String, kind: Kind)? {
        let packageRelationships = relationships(&reader, of: "")
        // XPS names its start part by a relationship of its own (XPS 1.0 and OpenXPS URIs).
        if let sequence = packageRelationships.first(where: { $0.hasType("fixedrepresentation") }) {
            return (sequence.target, .fixedDocument)
        }
        if let drawing = packageRelationships.first(where: { $0.type.lowercased().contains("/visio/") && $0.hasType("document") }) {
            return (drawing.target, .visio)
        }
        let overrides = contentTypeOverrides(&reader)
        let main = packageRelationships.first { $0.hasType("officeDocument") }?.target
            ?? overrides.first { kind(of: $0.value) != nil }?.key
        guard let main else { return nil }
        // Excel writes XLSB's workbook type as the Default of the .bin extension, not an Override.
        let type = overrides[main.lowercased()] ?? defaultContentType(&reader, of: main) ?? ""
        return (main, kind(of: type) ?? .other(type))
    }

    static func kind(of contentType: String) -> Kind? {
        let type = contentType.lowercased()
        if type.contains("sheet.binary") && type.hasSuffix(".main") { return .binarySpreadsheet }
        guard type.hasSuffix(".main+xml") else { return nil }
        if type.contains("wordprocessingml") || type.contains("ms-word") { return .word }
        if type.contains("spreadsheetml") || type.contains("ms-excel") { return .spreadsheet }
        if type.contains("presentationml") || type.contains("ms-powerpoint") { return .presentation }
        return nil
    }

    /// Override part names (lowercased, without the leading "/") to content types.
    static func contentTypeOverrides(_ reader: inout OfficeReader) -> [String: String] {
        var overrides: [String: String] = [:]
        for element in reader.elements("[Content_Types].xml", localNames: ["Override"]) {
            guard let part = element.attributes.value("PartName"), let type = element.attributes.value("ContentType") else {
                continue
            }
            overrides[normalized(part).lowercased()] = type
        }
        return overrides
    }

    /// The content type `[Content_Types].xml` gives a part's extension by default.
    static func defaultContentType(_ reader: inout OfficeReader, of part: String) -> String? {
        guard let dot = part.lastIndex(of: "."), !part[dot...].contains("/") else { return nil }
        let ext = part[part.index(after: dot)...].lowercased()
        return reader.elements("[Content_Types].xml", localNames: ["Default"]).first {
            $0.attributes.value("Extension")?.lowercased() == ext
        }?.attributes.value("ContentType")
    }

    /// The relationships of `source` ("" for the package itself), in document order;
    /// external targets (hyperlinks, linked files) are left out.
    static func relationships(_ reader: inout OfficeReader, of source: String) -> [OOXMLRelationship] {
        let folder = directory(of: source)
        let file = source.split(separator: "/").last.map(String.init) ?? ""
        let relsPart = folder + "_rels/" + file + ".rels"
        var result: [OOXMLRelationship] = []
        for element in reader.elements(relsPart, localNames: ["Relationship"]) {
            let attributes = element.attributes
            guard let id = attributes.value("Id"), let type = attributes.value("Type"),
                  let target = attributes.value("Target"), attributes.value("TargetMode") != "External"
            else { continue }
            result.append(OOXMLRelationship(id: id, type: type, target: resolve(target, from: folder)))
        }
        return result
    }

    /// Title, author, subject, keywords, description, dates from docProps/core.xml.
    static func coreProperties(_ reader: inout OfficeReader) -> OfficeProperties {
        let part = relationships(&reader, of: "").first { $0.hasType("core-properties") }?.target ?? "docProps/core.xml"
        let dc = OOXMLNamespace.dublinCore, cp = OOXMLNamespace.coreProperties, terms = OOXMLNamespace.dublinCoreTerms
        let wanted = XMLTextRules.names(dc, ["title", "creator", "subject", "description"])
            .union(XMLTextRules.names(cp, ["keywords", "lastModifiedBy", "category"]))
            .union(XMLTextRules.names(terms, ["created", "modified"]))
        let values = reader.fields(part, wanted: wanted)
        func value(_ namespaces: [String], _ local: String) -> String? {
            namespaces.lazy.compactMap { values[XMLName(namespace: $0, local: local)] }.first
        }
        var properties = OfficeProperties()
        properties.title = value(dc, "title")
        properties.set("author", value(dc, "creator"))
        properties.set("subject", value(dc, "subject"))
        properties.set("description", value(dc, "description"))
        properties.set("keywords", value(cp, "keywords"))
        properties.set("category", value(cp, "category"))
        properties.set("last-modified-by", value(cp, "lastModifiedBy"))
        properties.setDate("created", value(terms, "created"))
        properties.setDate("modified", value(terms, "modified"))
        return properties
    }

    static func directory(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// A part name without its leading "/" or fragment.
    static func normalized(_ name: String) -> String {
        var name = Substring(name)
        if let hash = name.firstIndex(of: "#") { name = name[..<hash] }
        while name.hasPrefix("/") { name = name.dropFirst() }
        return String(name)
    }

    /// Resolves a relative target ("../media/a.png", "slides/slide1.xml", "/xl/styles.xml")
    /// against a folder, never climbing above the package root.
    static func resolve(_ target: String, from folder: String) -> String {
        let absolute = target.hasPrefix("/")
        let joined = absolute ? normalized(target) : folder + normalized(target)
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }
}
