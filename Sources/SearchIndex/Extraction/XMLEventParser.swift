/// A namespace-qualified XML name: the namespace URI its prefix was bound to, and its local part.
struct XMLName: Hashable, Sendable {
    var namespace: String
    var local: String
}

struct XMLAttribute: Sendable {
    var name: XMLName
    var value: String
}

/// What an `XMLEventParser` reports to, in document order.
protocol XMLEventHandler {
    /// Whether character data should be decoded and delivered now; most handlers ignore the
    /// whitespace between structural elements, and skipping it saves most of the work.
    var wantsText: Bool { get }
    /// Set to stop parsing early (a text limit was reached).
    var shouldStop: Bool { get }
    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute])
    mutating func endElement(_ name: XMLName)
    mutating func text(_ text: String)
}

enum XMLParseError: Error, Equatable, CustomStringConvertible {
    /// Elements nested deeper than the limit (`ExtractionLimits.maxDepth`).
    case tooDeep(limit: Int)
    /// The document ends inside an element, tag, comment or CDATA section.
    case truncated
    case malformed(String)

    var description: String {
        switch self {
        case .tooDeep(let limit): "XML elements are nested deeper than \(limit) levels"
        case .truncated: "the XML ends early"
        case .malformed(let what): "the XML is malformed (\(what))"
        }
    }
}

/// A small, strict, non-validating XML parser for the parts of office documents.
///
/// It is deliberately less than XML 1.0: a DOCTYPE is skipped and never interpreted, so no
/// entity is ever declared, expanded or fetched (no "billion laughs", no external entities);
/// only the five predefined entities and character references are decoded, and any other
/// reference is kept as literal text. Nesting is bounded by `maxDepth` and the parser is a
/// loop, not a recursion. Namespaces are resolved so extractors match on namespace URIs, not
/// on whatever prefixes a writer chose.
enum XMLEventParser {
    static func parse<Handler: XMLEventHandler>(_ input: [UInt8], maxDepth: Int, handler: inout Handler) throws(XMLParseError) {
        let bytes = XMLEncoding.utf8(input)
        var state = XMLParserState(maxDepth: maxDepth)
        let result: Result<Void, XMLParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(XMLParseError) {
                try state.run(buffer, handler: &handler)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }
}
