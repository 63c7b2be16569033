/// The scanning loop of `XMLEventParser`, over UTF-8 bytes.
struct XMLParserState {
    private struct OpenElement {
        var qualifiedName: String
        var name: XMLName
        var bindingCount: Int
    }

    let maxDepth: Int
    private var stack: [OpenElement] = []
    /// In-scope namespace declarations, innermost last; each element truncates back on close.
    private var bindings: [(prefix: String, uri: String)] = [("xml", "http://www.w3.org/XML/1998/namespace")]

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    mutating func run<Handler: XMLEventHandler>(_ bytes: UnsafeBufferPointer<UInt8>, handler: inout Handler) throws(XMLParseError) {
        var position = 0
        let end = bytes.count
        while position < end {
            if handler.shouldStop { return }
            guard bytes[position] == UInt8(ascii: "<") else {
                let textEnd = XMLScan.find(UInt8(ascii: "<"), in: bytes, from: position) ?? end
                if !stack.isEmpty, handler.wantsText {
                    let text = XMLText.decode(bytes, position..<textEnd)
                    if !text.isEmpty { handler.text(text) }
                }
                position = textEnd
                continue
            }
            guard position + 1 < end else { throw .truncated }
            switch bytes[position + 1] {
            case UInt8(ascii: "?"):
                position = try XMLScan.skip(past: Array("?>".utf8), in: bytes, from: position + 2)
            case UInt8(ascii: "!"):
                if XMLScan.matches(Array("<!--".utf8), in: bytes, at: position) {
                    position = try XMLScan.skip(past: Array("-->".utf8), in: bytes, from: position + 4)
                } else if XMLScan.matches(Array("<![CDATA[".utf8), in: bytes, at: position) {
                    let start = position + 9
                    let close = try XMLScan.skip(past: Array("]]>".utf8), in: bytes, from: start)
                    if !stack.isEmpty, handler.wantsText {
                        handler.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(close - 3)]), as: UTF8.self))
                    }
                    position = close
                } else if XMLScan.matches(Array("<!DOCTYPE".utf8), in: bytes, at: position) {
                    // Skipped, never interpreted: no entity it declares is ever expanded.
                    position = try XMLScan.skipDoctype(bytes, from: position + 9)
                } else {
                    throw .malformed("unknown markup declaration at byte \(position)")
                }
            case UInt8(ascii: "/"):
                position = try endTag(bytes, from: position + 2, handler: &handler)
            default:
                position = try startTag(bytes, from: position + 1, handler: &handler)
            }
        }
        if !stack.isEmpty && !handler.shouldStop { throw .truncated }
    }

    private mutating func startTag<Handler: XMLEventHandler>(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                                                             handler: inout Handler) throws(XMLParseError) -> Int {
        var position = start
        let qualifiedName = try XMLScan.name(bytes, &position)
        var rawAttributes: [(String, String)] = []
        var selfClosing = false
        while true {
            XMLScan.skipWhitespace(bytes, &position)
            guard position < bytes.count else { throw .truncated }
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") { position += 1; break }
            if byte == UInt8(ascii: "/") {
                guard position + 1 < bytes.count else { throw .truncated }
                guard bytes[position + 1] == UInt8(ascii: ">") else { throw .malformed("stray / in a tag at byte \(position)") }
                selfClosing = true
                position += 2
                break
            }
            let attributeName = try XMLScan.name(bytes, &position)
            XMLScan.skipWhitespace(bytes, &position)
            guard position < bytes.count else { throw .truncated }
            guard bytes[position] == UInt8(ascii: "=") else { throw .malformed("attribute without a value at byte \(position)") }
            position += 1
            XMLScan.skipWhitespace(bytes, &position)
            guard position < bytes.count else { throw .truncated }
            let quote = bytes[position]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw .malformed("unquoted attribute value at byte \(position)")
            }
            guard let close = XMLScan.find(quote, in: bytes, from: position + 1) else { throw .truncated }
            rawAttributes.append((attributeName, XMLText.decode(bytes, (position + 1)..<close)))
            position = close + 1
        }
        guard stack.count < maxDepth else { throw .tooDeep(limit: maxDepth) }

        let bindingCount = bindings.count
        for (name, value) in rawAttributes {
            if name == "xmlns" {
                bindings.append(("", value))
            } else if name.hasPrefix("xmlns:") {
                bindings.append((String(name.dropFirst(6)), value))
            }
        }
        let name = resolve(qualifiedName, isAttribute: false)
        var attributes: [XMLAttribute] = []
        attributes.reserveCapacity(rawAttributes.count)
        for (attributeName, value) in rawAttributes where attributeName != "xmlns" && !attributeName.hasPrefix("xmlns:") {
            attributes.append(XMLAttribute(name: resolve(attributeName, isAttribute: true), value: value))
        }
        stack.append(OpenElement(qualifiedName: qualifiedName, name: name, bindingCount: bindingCount))
        handler.startElement(name, attributes: attributes)
        if selfClosing { close(handler: &handler) }
        return position
    }

    private mutating func endTag<Handler: XMLEventHandler>(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                                                           handler: inout Handler) throws(XMLParseError) -> Int {
        var position = start
        let qualifiedName = try XMLScan.name(bytes, &position)
        XMLScan.skipWhitespace(bytes, &position)
        guard position < bytes.count else { throw .truncated }
        guard bytes[position] == UInt8(ascii: ">") else { throw .malformed("bad end tag at byte \(position)") }
        guard let open = stack.last, open.qualifiedName == qualifiedName else {
            throw .malformed("end tag </\(qualifiedName.prefix(64))> does not match its start tag")
        }
        close(handler: &handler)
        return position + 1
    }

    private mutating func close<Handler: XMLEventHandler>(handler: inout Handler) {
        guard let open = stack.popLast() else { return }
        handler.endElement(open.name)
        bindings.removeSubrange(open.bindingCount...)
    }

    /// Splits `prefix:local` and looks the prefix up. Unprefixed attributes are in no
    /// namespace; an unbound prefix resolves to no namespace rather than failing the part.
    private func resolve(_ qualifiedName: String, isAttribute: Bool) -> XMLName {
        let prefix: Substring
        let local: Substring
        if let colon = qualifiedName.firstIndex(of: ":") {
            prefix = qualifiedName[..<colon]
            local = qualifiedName[qualifiedName.index(after: colon)...]
        } else {
            if isAttribute { return XMLName(namespace: "", local: qualifiedName) }
            prefix = ""
            local = Substring(qualifiedName)
        }
        let uri = bindings.last { $0.prefix == prefix }?.uri ?? ""
        return XMLName(namespace: uri, local: String(local))
    }
}
