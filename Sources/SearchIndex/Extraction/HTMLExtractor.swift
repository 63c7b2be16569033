/// HTML (and XHTML/XML) to text: tags removed, character references decoded, script, style,
/// template, comments and processing instructions dropped, `<title>` as the title, meta
/// description/keywords/author as fields, block elements as line breaks.
///
/// The charset comes from, in order: a BOM, the transport (a MIME part's charset), the XML
/// declaration's encoding, the first meta charset, then the default for documents that
/// declare none (see `Options`). The parser follows Xapian Omega's HtmlParser, whose test
/// cases it passes, with browser-like fixes where evidence needs them (quoted `>` in attributes,
/// raw-text `<script>`/`<style>`, `<template>` dropped, line breaks for blocks).
public enum HTMLExtractor {
    public struct Options: Sendable, Equatable {
        public enum UndeclaredCharset: Sendable, Equatable {
            /// UTF-8 where the bytes are UTF-8, Windows-1252 elsewhere (the default: right for
            /// real saved pages, which are mostly UTF-8 whether they say so or not).
            case sniff
            /// ISO-8859-1 unless an HTML5 doctype or XML declaration says otherwise, as
            /// HTML 4 specified and Omega does.
            case latin1
        }

        public var undeclaredCharset: UndeclaredCharset = .sniff
        /// Whether `<!--htdig_noindex-->…<!--/htdig_noindex-->` and `<!--UdmComment-->` hide
        /// text. Off by default: in evidence, markup chosen by a page's author must not hide
        /// words from a disclosure search.
        public var honourNoindexComments = false

        public init() {}

        /// Omega's own policies, for comparing with its test cases.
        public static var omegaCompatible: Options {
            var o = Options()
            o.undeclaredCharset = .latin1
            o.honourNoindexComments = true
            return o
        }
    }

    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits, options: Options = Options()) -> ExtractedDocument {
        if let tooBig = TextExtractors.rejectOversized(bytes.count, limits: limits) { return tooBig }
        return extract(bytes[...], context: TextExtractionContext(limits: limits), charsetLabel: nil, options: options)
    }

    /// `charsetLabel`: the charset the transport declared (a MIME part's parameter), if any.
    static func extract(_ input: ArraySlice<UInt8>, context: TextExtractionContext, charsetLabel: String?,
                        options: Options = Options()) -> ExtractedDocument {
        var notes = TextExtractionNotes()
        var bytes = Array(input)
        var locked: Charset?  // a charset no meta tag may change

        // UTF-16 is transcoded first, so that the parser only ever sees ASCII-compatible bytes.
        if let (bomCharset, start) = TextNormalisation.bom(input) {
            bytes = bomCharset.kind == .utf8 ? Array(input[start...]) : bomCharset.decode(input[start...])
            locked = .utf8
        } else if let label = charsetLabel {
            if let cs = Charset.named(label) {
                if cs.kind == .utf8 || cs.kind == .singleByte {
                    locked = cs
                } else {
                    bytes = cs.decode(input)
                    locked = .utf8
                }
            } else {
                notes.add("unknown charset \(sanitisedLabel(label)) read as UTF-8")
            }
        }

        let prolog = HTMLProlog.scan(bytes)
        if locked == nil, let label = prolog.xmlEncoding {
            if let cs = Charset.named(label), cs.kind == .utf8 || cs.kind == .singleByte {
                locked = cs
            } else if let cs = Charset.named(label), cs.kind == .iconv {
                // Multi-byte and stateful charsets (Shift_JIS, ISO-2022-JP) are transcoded
                // first, so that the parser never reads a '<' inside a character.
                bytes = cs.decode(input)
                locked = .utf8
            } else if Charset.named(label) == nil {
                notes.add("unknown charset \(sanitisedLabel(label)) read as UTF-8")
            }
        }
        let provisional: Charset
        if let locked {
            provisional = locked
        } else if prolog.isXML || prolog.isHTML5 || options.undeclaredCharset == .sniff {
            provisional = .utf8
        } else {
            provisional = .windows1252
        }

        var parser = HTMLTextParser(bytes: bytes, charset: provisional, xml: prolog.isXML, xmlData: prolog.isXMLData,
                                    options: options, textLimit: context.limits.maxTextBytes)
        parser.run()
        if locked == nil, let label = parser.metaCharset {
            // The first meta charset decides; parse again if it differs from the guess.
            if let cs = Charset.named(label), cs.kind == .utf8 || cs.kind == .singleByte {
                if cs != provisional {
                    parser = HTMLTextParser(bytes: bytes, charset: cs, xml: prolog.isXML, xmlData: prolog.isXMLData,
                                            options: options, textLimit: context.limits.maxTextBytes)
                    parser.run()
                }
            } else if let cs = Charset.named(label), cs.kind == .iconv {
                parser = HTMLTextParser(bytes: cs.decode(bytes[...]), charset: .utf8, xml: prolog.isXML,
                                        xmlData: prolog.isXMLData, options: options, textLimit: context.limits.maxTextBytes)
                parser.run()
            } else if Charset.named(label) == nil {
                notes.add("unknown charset \(sanitisedLabel(label)) read as UTF-8")
            }
        } else if locked == nil, let detected = CharsetDetection.detect(bytes[...]) {
            // Nothing declared anywhere: a page in a non-Latin legacy charset is recognised
            // by its bytes, transcoded and parsed again.
            parser = HTMLTextParser(bytes: detected.decode(bytes[...]), charset: .utf8, xml: prolog.isXML,
                                    xmlData: prolog.isXMLData, options: options, textLimit: context.limits.maxTextBytes)
            parser.run()
        }
        return parser.document(notes: notes)
    }

    static func sanitisedLabel(_ label: String) -> String {
        String(TextNormalisation.collapseWhitespace(label).prefix(40))
    }
}

/// What the start of a document says about its charset: an XML declaration (with its
/// encoding) or an HTML5 doctype (whose default is UTF-8).
struct HTMLProlog {
    var isXML = false
    var xmlEncoding: String?
    var isHTML5 = false
    /// XML whose root element is not `html`: data, not XHTML, so every tag separates words.
    var isXMLData = false

    static func scan(_ b: [UInt8]) -> HTMLProlog {
        var prolog = HTMLProlog()
        if startsWith(b, at: 0, "<?xml"), b.count > 5, isSpace(b[5]) {
            prolog.isXML = true
            var end = 6
            while end < b.count && end < 4096 && b[end] != UInt8(ascii: "?") { end += 1 }
            prolog.xmlEncoding = encoding(in: Array(b[min(6, end)..<end]))
            prolog.isXMLData = rootElement(b).map { $0 != "html" } ?? false
        }
        // An HTML5 doctype: <!DOCTYPE html>, <!DOCTYPE html SYSTEM "about:legacy-compat">,
        // and the bare <!DOCTYPE SYSTEM "about:legacy-compat"> Omega also accepts.
        let head = b.prefix(4096)
        var i = 0
        while i + 9 < head.count {
            if head[i] == UInt8(ascii: "<") && startsWith(b, at: i, "<!doctype", caseInsensitive: true) && isSpace(b[i + 9]) {
                var p = i + 9
                skipSpace(b, &p)
                if startsWith(b, at: p, "html", caseInsensitive: true) && p + 4 < b.count
                    && (b[p + 4] == UInt8(ascii: ">") || isSpace(b[p + 4])) {
                    p += 4
                    skipSpace(b, &p)
                    if p < b.count && b[p] == UInt8(ascii: ">") { prolog.isHTML5 = true; break }
                }
                if startsWith(b, at: p, "system", caseInsensitive: true) && p + 6 < b.count && isSpace(b[p + 6]) {
                    p += 6
                    skipSpace(b, &p)
                    if p < b.count && (b[p] == UInt8(ascii: "'") || b[p] == UInt8(ascii: "\""))
                        && startsWith(b, at: p + 1, "about:legacy-compat") {
                        prolog.isHTML5 = true
                    }
                }
                break
            }
            i += 1
        }
        return prolog
    }

    /// The lower-cased local name of the first element (skipping declarations, comments and
    /// processing instructions, roughly: a "<" followed by a letter).
    private static func rootElement(_ b: [UInt8]) -> String? {
        var i = 0
        let end = min(b.count, 64 << 10)
        while i + 1 < end {
            if b[i] == UInt8(ascii: "<") && (b[i + 1] | 0x20) >= 0x61 && (b[i + 1] | 0x20) <= 0x7A {
                var p = i + 1
                while p < end && (HTMLEntities.isAlnum(b[p]) || b[p] == UInt8(ascii: ":") || b[p] == UInt8(ascii: "-")
                                  || b[p] == UInt8(ascii: ".")) { p += 1 }
                let name = String(decoding: b[(i + 1)..<p], as: UTF8.self).lowercased()
                return name.split(separator: ":").last.map(String.init)
            }
            i += 1
        }
        return nil
    }

    /// The value of `encoding="…"` in an XML declaration's pseudo-attributes.
    private static func encoding(in decl: [UInt8]) -> String? {
        let key = Array("encoding".utf8)
        var i = 0
        while i + key.count <= decl.count {
            if Array(decl[i..<(i + key.count)]) == key {
                var p = i + key.count
                skipSpace(decl, &p)
                guard p < decl.count, decl[p] == UInt8(ascii: "=") else { return nil }
                p += 1
                skipSpace(decl, &p)
                guard p < decl.count, decl[p] == UInt8(ascii: "\"") || decl[p] == UInt8(ascii: "'") else { return nil }
                let quote = decl[p]
                let start = p + 1
                var end = start
                while end < decl.count && decl[end] != quote { end += 1 }
                return String(decoding: decl[start..<end], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C
    }

    static func skipSpace(_ b: [UInt8], _ p: inout Int) {
        while p < b.count && isSpace(b[p]) { p += 1 }
    }

    static func startsWith(_ b: [UInt8], at i: Int, _ s: String, caseInsensitive: Bool = false) -> Bool {
        let pattern = Array(s.utf8)
        guard i >= 0, i + pattern.count <= b.count else { return false }
        for k in 0..<pattern.count {
            let c = caseInsensitive ? lower(b[i + k]) : b[i + k]
            if c != pattern[k] { return false }
        }
        return true
    }

    static func lower(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }
}
