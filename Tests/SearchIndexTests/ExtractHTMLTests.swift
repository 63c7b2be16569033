import Foundation
import Testing
@testable import SearchIndex

@Suite struct ExtractHTMLTests {
    /// The 51 cases of Omega's htmlparsertest.cc, with Omega's policies (ISO-8859-1 for
    /// undeclared pre-HTML5 documents, htdig_noindex honoured); dump compared after
    /// whitespace normalisation, as the file says.
    @Test
    func omegaHTMLParserCases() throws {
        let url = try #require(ExtractFiles.htmlCases)
        // JSONDecoder, not JSONSerialization: the latter drops the U+FEFF that case 10 starts with.
        let cases = try JSONDecoder().decode(OmegaHTMLCases.self, from: Data(contentsOf: url)).cases
        #expect(cases.count == 51)
        for (k, c) in cases.enumerated() {
            var input = c.html
            if c.wide {
                // The test's WIDE() macro wraps the data in NULs: strip one at each end.
                if input.first == 0 { input.removeFirst() }
                if input.last == 0 { input.removeLast() }
            }
            let doc = HTMLExtractor.extract(input, limits: ExtractionLimits(), options: .omegaCompatible)
            #expect(extractNormalised(doc.text) == c.dump, "case \(k) dump")
            #expect((doc.title ?? "") == c.title, "case \(k) title")
            #expect((doc.fields["keywords"] ?? "") == c.keywords, "case \(k) keywords")
            #expect(doc.outcome == .ok, "case \(k) outcome")
        }
    }

    @Test func undeclaredCharsetIsSniffedByDefault() {
        let doc = HTMLExtractor.extract("<html><head><title>®</title></head><body>£</body></html>".utf8Bytes, limits: ExtractionLimits())
        #expect(doc.text == "£")
        #expect(doc.title == "®")
        // Windows-1252 bytes in an undeclared page.
        let legacy = HTMLExtractor.extract([0x3C, 0x70, 0x3E, 0x93, 0x41, 0x94, 0x20, 0xA3, 0x35, 0x80], limits: ExtractionLimits())
        #expect(legacy.text == "\u{201C}A\u{201D} £5€")
    }

    @Test func noindexCommentsDoNotHideEvidenceByDefault() {
        let doc = HTMLExtractor.extract("<body>test<!--htdig_noindex-->ing</body>".utf8Bytes, limits: ExtractionLimits())
        #expect(doc.text == "testing")
    }

    @Test func scriptsStylesTemplatesAndCommentsAreDropped() {
        let html = """
            <!DOCTYPE html><html><head><title> A  page </title>
            <style>p { color: red } a < b</style>
            <script type="application/ld+json">{"name": "hidden <b>json</b>"}</script>
            <meta name="description" content="Desc &amp; more"><meta name="keywords" content="k1, k2">
            <meta name="author" content="Jo Bloggs"></head>
            <body><!-- hidden comment --><template><p>hidden template</p></template>
            <h1>Heading</h1><p>First&nbsp;para &pound;5 &euro;6 &copy; &mdash; &ndash; &hellip;</p>
            <p>&lsquo;q&rsquo; &ldquo;d&rdquo; &apos;a&apos; &quot;x&quot; &lt;&gt; &#8364; &#x20AC; &#150;</p>
            <div>Line<br>break</div><SCRIPT>document.write("<p>no</p>")</SCRIPT>after
            <a href="x" title="a > b">link</a></body></html>
            """
        let doc = HTMLExtractor.extract(html.utf8Bytes, limits: ExtractionLimits())
        #expect(doc.title == "A page")
        #expect(doc.fields["description"] == "Desc & more")
        #expect(doc.fields["keywords"] == "k1, k2")
        #expect(doc.fields["author"] == "Jo Bloggs")
        #expect(doc.text == """
            Heading
            First para £5 €6 © — – …
            ‘q’ “d” 'a' "x" <> € € –
            Line
            break
            after link
            """)
    }

    @Test func metaCharsetAndUTF16() {
        let latin = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-15\"></head><body>".utf8)
            + [0xA4, 0x20, 0xE9] + Array("</body></html>".utf8)
        #expect(HTMLExtractor.extract(latin, limits: ExtractionLimits()).text == "€ é")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for u in "<p>Joey</p><p>食物</p>".utf16 { utf16 += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        #expect(HTMLExtractor.extract(utf16, limits: ExtractionLimits()).text == "Joey\n食物")
        // A transport charset (a MIME part's) wins over the meta tag.
        let doc = HTMLExtractor.extract(latin[...], context: TextExtractionContext(limits: ExtractionLimits()), charsetLabel: "windows-1252")
        #expect(doc.text == "¤ é")
    }

    @Test func xmlDataAndUnclosedTitle() {
        let xml = HTMLExtractor.extract("<?xml version=\"1.0\"?><report><row><cell>07700900417</cell><cell>Kyle</cell></row></report>".utf8Bytes,
                                        limits: ExtractionLimits())
        #expect(xml.text == "07700900417 Kyle")
        let xhtml = HTMLExtractor.extract("<?xml version=\"1.0\"?><html><body><p>in<b>line</b></p></body></html>".utf8Bytes,
                                          limits: ExtractionLimits())
        #expect(xhtml.text == "inline")
        let unclosed = HTMLExtractor.extract("<title>Page<body><p>Body text</p>".utf8Bytes, limits: ExtractionLimits())
        #expect(unclosed.title == "Page")
        #expect(unclosed.text == "Body text")
    }

    @Test func textLimitMakesPartial() {
        var limits = ExtractionLimits()
        limits.maxTextBytes = 10
        let doc = HTMLExtractor.extract("<p>aaaa bbbb cccc dddd</p>".utf8Bytes, limits: limits)
        #expect(doc.outcome == .partial)
        #expect(doc.text.utf8.count <= 10)
        #expect(doc.reason != nil)
    }

    @Test(.timeLimit(.minutes(1))) func pathologicalMarkupStaysLinear() {
        let cases = [
            String(repeating: "<!-- >", count: 100_000),
            String(repeating: "<a title='x>", count: 100_000),
            String(repeating: "<?a>", count: 100_000),
            String(repeating: "<![CDATA[", count: 50_000),
            String(repeating: "&#99999999999999;&amp", count: 50_000),
            String(repeating: "<template>", count: 100_000) + "x",
            "<script>" + String(repeating: "</scrip", count: 100_000),
        ]
        for html in cases {
            let doc = HTMLExtractor.extract(html.utf8Bytes, limits: .tight)
            #expect(doc.text.utf8.count <= ExtractionLimits.tight.maxTextBytes)
        }
    }
}

/// xapian-omega-htmlparser-cases.json: `html` is a string or `{"hex": …}` for raw bytes.
struct OmegaHTMLCases: Decodable {
    struct Case: Decodable {
        let html: [UInt8]
        let wide: Bool
        let dump: String
        let title: String
        let keywords: String

        private enum Keys: String, CodingKey { case html, dump, title, keywords }
        private struct Hex: Decodable { let hex: String }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            dump = try c.decode(String.self, forKey: .dump)
            title = try c.decode(String.self, forKey: .title)
            keywords = try c.decode(String.self, forKey: .keywords)
            if let s = try? c.decode(String.self, forKey: .html) {
                html = Array(s.utf8)
                wide = false
            } else {
                let hex = Array(try c.decode(Hex.self, forKey: .html).hex.utf8)
                html = stride(from: 0, to: hex.count - 1, by: 2).compactMap {
                    UInt8(String(decoding: hex[$0...($0 + 1)], as: UTF8.self), radix: 16)
                }
                wide = true
            }
        }
    }

    let cases: [Case]
}
