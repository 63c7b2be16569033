/// One pass over HTML bytes (ASCII-compatible: UTF-16 was transcoded before), emitting text.
/// No tree is built and every scan moves forward, so work is linear in the input and memory
/// is bounded by the text limit.
struct HTMLTextParser {
    enum Separator: Int, Comparable {
        case none, space, newline
        static func < (a: Separator, b: Separator) -> Bool { a.rawValue < b.rawValue }
    }

    private let b: [UInt8]
    private let charset: Charset
    private let xml: Bool
    /// XML that is not XHTML: every element boundary separates words (`<a>x</a><b>y</b>`).
    private let xmlData: Bool
    private let options: HTMLExtractor.Options

    private var text: TextBuilder
    private var title = TextBuilder(limit: 64 << 10)
    private var textPending = Separator.none
    private var titlePending = Separator.none
    private var inTitle = false
    private var templateDepth = 0
    private var preDepth = 0
    private var keywords: [String] = []
    private var descriptions: [String] = []
    private var authors: [String] = []
    /// The first charset a meta tag declared.
    private(set) var metaCharset: String?
    /// Set once a search for a comment's "-->" ran to the end: later ones would fail too.
    private var noMoreCommentEnds = false

    /// Block elements: their start and end become line breaks.
    private static let newlineTags: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "iframe", "legend", "li", "listing", "main", "marquee",
        "menu", "multicol", "nav", "ol", "option", "p", "plaintext", "pre", "section", "select", "summary",
        "table", "tbody", "textarea", "tfoot", "thead", "tr", "ul", "xmp",
    ]
    /// Elements that separate words without breaking the line (Omega's other SPACE tags).
    private static let spaceTags: Set<String> = [
        "applet", "embed", "img", "input", "isindex", "keygen", "object", "q", "td", "th",
    ]
    /// Elements without content: an end tag for them is ignored.
    private static let voidTags: Set<String> = [
        "applet", "area", "base", "br", "col", "embed", "img", "input", "isindex", "keygen", "link", "meta",
        "object", "param", "source", "track", "wbr",
    ]

    init(bytes: [UInt8], charset: Charset, xml: Bool, xmlData: Bool = false, options: HTMLExtractor.Options, textLimit: Int) {
        self.b = bytes
        self.charset = charset
        self.xml = xml
        self.xmlData = xmlData
        self.options = options
        self.text = TextBuilder(limit: textLimit)
    }

    // MARK: - The main loop

    mutating func run() {
        let n = b.count
        var i = 0
        var textStart = 0
        while i < n && !text.isFull {
            guard let lt = find(UInt8(ascii: "<"), from: i), lt + 1 < n else { break }
            let c = b[lt + 1]
            if isAlpha(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: "!") || c == UInt8(ascii: "?") {
                content(textStart..<lt)
                i = markup(at: lt)
                textStart = i
            } else {
                i = lt + 1  // a "<" that starts no markup is text
            }
        }
        if textStart < n { content(textStart..<n) }
    }

    /// Returns the index after the markup starting at `b[lt]` (`n` when it swallows the rest).
    private mutating func markup(at lt: Int) -> Int {
        switch b[lt + 1] {
        case UInt8(ascii: "!"): return declaration(at: lt)
        case UInt8(ascii: "?"): return processingInstruction(at: lt)
        default: return tag(at: lt)
        }
    }

    /// Comments, CDATA sections, DOCTYPE and other `<!…>` declarations.
    private mutating func declaration(at lt: Int) -> Int {
        let n = b.count
        var s = lt + 2
        guard s + 1 < n else { return n }
        let first = b[s]
        s += 1
        if first == UInt8(ascii: "-") && b[s] == UInt8(ascii: "-") {
            s += 1
            // An unterminated comment swallows the rest of the document.
            guard let close = find(UInt8(ascii: ">"), from: s) else { return n }
            guard let end = commentEnd(from: close) else {
                return close + 1  // no "-->": the comment ends at the first ">", as Netscape did
            }
            if options.honourNoindexComments && end - 2 >= s {
                for marker in ["htdig_noindex", "UdmComment"] where matches(s..<(end - 2), marker) {
                    let closing = Array("<!--/\(marker)-->".utf8)
                    guard let hidden = find(closing, from: end + 1) else { return n }
                    return hidden + closing.count
                }
            }
            return end + 1
        }
        if first == UInt8(ascii: "[") && n - s > 6 && matches(s..<(s + 6), "CDATA[") {
            let start = s + 6
            let close = find(Array("]]>".utf8), from: start)
            content(start..<(close ?? n), decodeReferences: false)
            return close.map { $0 + 3 } ?? n
        }
        guard let gt = find(UInt8(ascii: ">"), from: s - 1) else { return n }
        return gt + 1
    }

    /// The index of the ">" of the first "-->" at or after `close` (a ">").
    private mutating func commentEnd(from close: Int) -> Int? {
        guard !noMoreCommentEnds else { return nil }
        var q = close
        while true {
            // q ≥ lt + 4, so q - 2 is inside the "<!--" at worst: "<!-->" is an empty comment.
            if b[q - 1] == UInt8(ascii: "-") && b[q - 2] == UInt8(ascii: "-") { return q }
            guard let next = find(UInt8(ascii: ">"), from: q + 1) else {
                noMoreCommentEnds = true
                return nil
            }
            q = next
        }
    }

    /// `<?xml …?>` and PHP: up to `?>`, or the rest of the document (PHP's closing tag is
    /// optional at the end of a file). PHP eats one newline after `?>`.
    private func processingInstruction(at lt: Int) -> Int {
        let n = b.count
        var q = find(UInt8(ascii: ">"), from: lt + 3)
        while let gt = q, b[gt - 1] != UInt8(ascii: "?") { q = find(UInt8(ascii: ">"), from: gt + 1) }
        guard let end = q else { return n }
        var after = end + 1
        if after < n && b[after] == 0x0D { after += 1 }
        if after < n && b[after] == 0x0A { after += 1 }
        return after
    }

    private mutating func tag(at lt: Int) -> Int {
        let n = b.count
        var s = lt + 1
        let closing = b[s] == UInt8(ascii: "/")
        if closing {
            s += 1
            while s < n && isSpace(b[s]) { s += 1 }
        }
        var p = s
        while p < n && isTagNameByte(b[p]) { p += 1 }
        let rawName = String(decoding: b[s..<p], as: UTF8.self)
        let name = xml ? rawName : rawName.lowercased()  // XHTML is case-sensitive

        // The tag ends at the first ">" outside a quoted value; a quote with no partner
        // before the next "<" is taken literally (so `<a title='x" />` ends at its ">").
        let attrStart = p
        var q = p
        var honourQuotes = true
        while q < n && b[q] != UInt8(ascii: ">") {
            if honourQuotes && (b[q] == UInt8(ascii: "\"") || b[q] == UInt8(ascii: "'")) {
                let quote = b[q]
                var r = q + 1
                while r < n && b[r] != quote && b[r] != UInt8(ascii: "<") { r += 1 }
                if r < n && b[r] == quote {
                    q = r + 1
                    continue
                }
                honourQuotes = false
            }
            q += 1
        }
        let next = q < n ? q + 1 : n

        if closing {
            closingTag(name)
            return next
        }
        var attrEnd = q
        var empty = false
        if attrEnd > attrStart && b[attrEnd - 1] == UInt8(ascii: "/") {
            // <br/> and <img src="x" /> are empty; <a href=foo/> is not.
            if attrEnd - attrStart == 1 || isSpace(b[attrEnd - 2]) || b[attrEnd - 2] == UInt8(ascii: "\"")
                || b[attrEnd - 2] == UInt8(ascii: "'") {
                empty = true
                attrEnd -= 1
            }
        }
        openingTag(name, attributes: attrStart..<attrEnd)
        if empty {
            closingTag(name)
            return next
        }
        if (name == "script" || name == "style") && next < n {
            // Raw text: nothing inside is markup or text, up to the matching end tag.
            return rawTextEnd(name, from: next) ?? n
        }
        return next
    }

    /// The index of the `</name` that ends a script or style element.
    private func rawTextEnd(_ name: String, from start: Int) -> Int? {
        var i = start
        while let lt = find(UInt8(ascii: "<"), from: i) {
            if lt + 1 < b.count && b[lt + 1] == UInt8(ascii: "/") && matches(lt + 2..<(lt + 2 + name.utf8.count), name, caseInsensitive: true) {
                let after = lt + 2 + name.utf8.count
                if after >= b.count || isSpace(b[after]) || b[after] == UInt8(ascii: ">") || b[after] == UInt8(ascii: "/") {
                    return lt
                }
            }
            i = lt + 1
        }
        return nil
    }

    // MARK: - Elements

    private mutating func openingTag(_ name: String, attributes: Range<Int>) {
        separate(name)
        if inTitle && name != "title" && (name == "body" || Self.newlineTags.contains(name)) {
            inTitle = false  // a title never closed: the body must not vanish into it
        }
        switch name {
        case "input":
            let attrs = parseAttributes(attributes)
            if let type = attribute("type", in: attrs), String(decoding: type, as: UTF8.self).lowercased() == "checkbox" {
                // As Omega: ☐ or ☑, appended without the pending separator.
                appendRaw(Array((attribute("checked", in: attrs) != nil ? "\u{2611}" : "\u{2610}").utf8))
            }
        case "meta":
            meta(parseAttributes(attributes))
        case "title":
            inTitle = true
            titlePending = .none
        case "template":
            templateDepth += 1
        case "pre", "listing", "xmp", "plaintext", "textarea":
            preDepth += 1
        default:
            break
        }
    }

    private mutating func closingTag(_ name: String) {
        guard !Self.voidTags.contains(name) else { return }
        separate(name)
        switch name {
        case "title": inTitle = false
        case "template": templateDepth = max(0, templateDepth - 1)
        case "pre", "listing", "xmp", "plaintext", "textarea": preDepth = max(0, preDepth - 1)
        default: break
        }
    }

    private mutating func separate(_ name: String) {
        if Self.newlineTags.contains(name) {
            raise(.newline)
        } else if Self.spaceTags.contains(name) || xmlData {
            raise(.space)
        }
    }

    private mutating func meta(_ attrs: [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)]) {
        if let content = attribute("content", in: attrs) {
            if let nameBytes = attribute("name", in: attrs) {
                let value = attributeText(content)
                guard !value.isEmpty else { return }
                switch String(decoding: nameBytes, as: UTF8.self).lowercased() {
                case "description":
                    if descriptions.count < 64 { descriptions.append(value) }
                case "keywords", "dcterms.subject", "dcterms.description":
                    if keywords.count < 64 { keywords.append(value) }
                case "author", "dcterms.creator", "dcterms.contributor":
                    if authors.count < 64 { authors.append(value) }
                default:
                    break
                }
                return
            }
            if metaCharset == nil, let equiv = attribute("http-equiv", in: attrs),
               String(decoding: equiv, as: UTF8.self).lowercased() == "content-type" {
                metaCharset = Self.charsetParameter(String(decoding: content, as: UTF8.self))
            }
            return
        }
        if metaCharset == nil, let cs = attribute("charset", in: attrs) {
            metaCharset = String(decoding: cs.prefix(64), as: UTF8.self)
        }
    }

    /// The charset in `text/html; charset=…`.
    static func charsetParameter(_ content: String) -> String? {
        let lower = Array(content.lowercased().utf8)
        let key = Array("charset=".utf8)
        guard lower.count >= key.count,
              let at = (0...(lower.count - key.count)).first(where: { lower[$0..<($0 + key.count)].elementsEqual(key) })
        else { return nil }
        var value = lower[(at + key.count)...]
        if let q = value.first, q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
            value = value.dropFirst().prefix { $0 != q }
        } else {
            let stops = Array(";()<>@,:\\\"/[]?={}".utf8)
            value = value.prefix { $0 > 0x20 && $0 < 0x7F && !stops.contains($0) }
        }
        return value.isEmpty ? nil : String(decoding: value.prefix(64), as: UTF8.self)
    }

    // MARK: - Attributes

    /// Attribute name/value pairs; a name without `=` is a boolean attribute with an empty value.
    private func parseAttributes(_ r: Range<Int>) -> [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)] {
        var attrs: [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)] = []
        var p = r.lowerBound
        let end = r.upperBound
        while p < end && attrs.count < 64 {
            while p < end && isSpace(b[p]) { p += 1 }
            guard p < end else { break }
            let nameStart = p
            while p < end && !isSpace(b[p]) && b[p] != UInt8(ascii: "=") && b[p] != UInt8(ascii: ">") { p += 1 }
            let name = b[nameStart..<p]
            while p < end && isSpace(b[p]) { p += 1 }
            guard p < end, b[p] == UInt8(ascii: "=") else {
                attrs.append((name, b[p..<p]))
                if name.isEmpty { p += 1 }  // a stray ">" inside quotes: step over it
                continue
            }
            p += 1
            while p < end && isSpace(b[p]) { p += 1 }
            if p < end && (b[p] == UInt8(ascii: "\"") || b[p] == UInt8(ascii: "'")) {
                let quote = b[p]
                let start = p + 1
                var e = start
                while e < end && b[e] != quote { e += 1 }
                attrs.append((name, b[start..<e]))
                p = min(e + 1, end)
            } else {
                let start = p
                while p < end && !isSpace(b[p]) { p += 1 }
                attrs.append((name, b[start..<p]))
            }
        }
        return attrs
    }

    /// The first attribute called `key` (ASCII case-insensitive in HTML, exact in XHTML).
    private func attribute(_ key: String, in attrs: [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)]) -> ArraySlice<UInt8>? {
        let k = Array(key.utf8)
        for attr in attrs where attr.name.count == k.count {
            if xml ? attr.name.elementsEqual(k) : attr.name.map(HTMLProlog.lower).elementsEqual(k) { return attr.value }
        }
        return nil
    }

    private func attributeText(_ raw: ArraySlice<UInt8>) -> String {
        let decoded = HTMLEntities.decode(charset.decode(raw.prefix(64 << 10)))
        return TextNormalisation.collapseWhitespace(String(decoding: decoded, as: UTF8.self))
    }

    // MARK: - Text

    private mutating func content(_ r: Range<Int>, decodeReferences: Bool = true) {
        guard !r.isEmpty, templateDepth == 0, !text.isFull else { return }
        var u = charset.decode(b[r])
        if decodeReferences { u = HTMLEntities.decode(u) }
        emitWords(u)
    }

    /// Words go out with one separator before each (a space, or a newline for blocks and for
    /// line breaks inside `<pre>`); runs of white space collapse.
    private mutating func emitWords(_ u: [UInt8]) {
        let n = u.count
        var i = 0
        func spaceLength(_ k: Int) -> Int {
            if isSpace(u[k]) { return 1 }
            if u[k] == 0xC2 && k + 1 < n && u[k + 1] == 0xA0 { return 2 }  // U+00A0 no-break space
            return 0
        }
        while i < n {
            var sawSpace = false
            var sawNewline = false
            while i < n {
                let len = spaceLength(i)
                guard len > 0 else { break }
                sawSpace = true
                if u[i] == 0x0A { sawNewline = true }
                i += len
            }
            if sawSpace { raise(preDepth > 0 && sawNewline ? .newline : .space) }
            guard i < n else { break }
            let start = i
            while i < n && spaceLength(i) == 0 { i += 1 }
            appendWord(u[start..<i])
        }
    }

    private mutating func raise(_ separator: Separator) {
        if inTitle {
            titlePending = max(titlePending, .space)
        } else {
            textPending = max(textPending, separator)
        }
    }

    private mutating func appendWord(_ word: ArraySlice<UInt8>) {
        if inTitle {
            if titlePending != .none && !title.isEmpty { title.append(byte: 0x20) }
            titlePending = .none
            title.append(word)
        } else {
            if textPending != .none && !text.isEmpty { text.append(byte: textPending == .newline ? 0x0A : 0x20) }
            textPending = .none
            text.append(word)
        }
    }

    private mutating func appendRaw(_ bytes: [UInt8]) {
        guard templateDepth == 0 else { return }
        if inTitle { title.append(bytes) } else { text.append(bytes) }
    }

    func document(notes: TextExtractionNotes) -> ExtractedDocument {
        var notes = notes
        if text.truncated { notes.add(text.truncationNote) }
        var fields: [String: String] = [:]
        if !keywords.isEmpty { fields["keywords"] = keywords.joined(separator: " ") }
        if !descriptions.isEmpty { fields["description"] = descriptions.joined(separator: " ") }
        if !authors.isEmpty { fields["author"] = authors.joined(separator: " ") }
        let titleText = TextNormalisation.collapseWhitespace(title.string)
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason,
                                 title: titleText.isEmpty ? nil : titleText,
                                 text: String(decoding: TextNormalisation.clean(text.bytes), as: UTF8.self),
                                 fields: fields)
    }

    // MARK: - Bytes

    private func find(_ byte: UInt8, from i: Int) -> Int? {
        guard i < b.count else { return nil }
        return b[i...].firstIndex(of: byte)
    }

    /// The first occurrence of `pattern` at or after `i` (patterns here start with a byte
    /// that is rare in text, so the naive search stays linear in practice).
    private func find(_ pattern: [UInt8], from i: Int) -> Int? {
        guard let first = pattern.first else { return nil }
        var k = i
        while let p = find(first, from: k) {
            if p + pattern.count > b.count { return nil }
            if b[p..<(p + pattern.count)].elementsEqual(pattern) { return p }
            k = p + 1
        }
        return nil
    }

    private func matches(_ r: Range<Int>, _ s: String, caseInsensitive: Bool = false) -> Bool {
        guard r.lowerBound >= 0, r.upperBound <= b.count, r.count == s.utf8.count else { return false }
        return caseInsensitive ? b[r].map(HTMLProlog.lower).elementsEqual(s.utf8) : b[r].elementsEqual(s.utf8)
    }

    private func isSpace(_ c: UInt8) -> Bool { HTMLProlog.isSpace(c) }

    private func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    /// Tag names: letters, digits, and ".", "-", ":" (XML namespaces).
    private func isTagNameByte(_ c: UInt8) -> Bool {
        HTMLEntities.isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: ":")
    }
}
