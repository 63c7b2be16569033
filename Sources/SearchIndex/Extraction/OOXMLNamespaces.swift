/// Namespace URIs of Office Open XML (ECMA-376 / ISO/IEC 29500). Each vocabulary has a
/// transitional URI and a strict one; extractors accept both.
enum OOXMLNamespace {
    static let word = ["http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                       "http://purl.oclc.org/ooxml/wordprocessingml/main"]
    static let drawing = ["http://schemas.openxmlformats.org/drawingml/2006/main",
                          "http://purl.oclc.org/ooxml/drawingml/main"]
    static let presentation = ["http://schemas.openxmlformats.org/presentationml/2006/main",
                               "http://purl.oclc.org/ooxml/presentationml/main"]
    static let spreadsheet = ["http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                              "http://purl.oclc.org/ooxml/spreadsheetml/main"]
    static let chart = ["http://schemas.openxmlformats.org/drawingml/2006/chart",
                        "http://purl.oclc.org/ooxml/drawingml/chart"]
    static let math = ["http://schemas.openxmlformats.org/officeDocument/2006/math",
                       "http://purl.oclc.org/ooxml/officeDocument/math"]
    static let relationships = ["http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                "http://purl.oclc.org/ooxml/officeDocument/relationships"]
    static let markupCompatibility = ["http://schemas.openxmlformats.org/markup-compatibility/2006"]
    static let coreProperties = ["http://schemas.openxmlformats.org/package/2006/metadata/core-properties"]
    static let dublinCore = ["http://purl.org/dc/elements/1.1/"]
    static let dublinCoreTerms = ["http://purl.org/dc/terms/"]

    /// mc:AlternateContent carries the same content twice (a modern Choice and a legacy
    /// Fallback); only the Choice is read, or text boxes would be indexed twice.
    static let fallback = XMLTextRules.names(markupCompatibility, ["Fallback"])
}

/// Document properties (docProps/core.xml in OOXML, meta.xml in ODF) as the contract's title,
/// fields and date.
struct OfficeProperties {
    var title: String?
    var fields: [String: String] = [:]
    var dateMilliseconds: Int64?

    /// Dates go in as the canonical UTC form when they parse, as written otherwise.
    mutating func setDate(_ key: String, _ value: String?) {
        guard let value else { return }
        if let milliseconds = OfficeDate.milliseconds(value) {
            fields[key] = OfficeDate.iso8601(milliseconds: milliseconds) ?? value
            if key == "created" || dateMilliseconds == nil { dateMilliseconds = milliseconds }
        } else {
            fields[key] = value
        }
    }

    mutating func set(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { fields[key] = value }
    }
}
