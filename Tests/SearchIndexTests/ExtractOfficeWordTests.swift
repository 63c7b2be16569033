import Foundation
import Testing
@testable import SearchIndex

/// DOCX structure: paragraphs, tabs, breaks, tables, tracked deletions, alternate content,
/// math, the secondary parts, properties; and what hostile or damaged parts do to it.
@Suite(.enabled(if: ZipTestTools.hasPython, "python3 is absent: DOCX tests not run"))
struct ExtractOfficeWordTests {
    typealias Builder = ExtractOfficeBuilder

    static let body = """
    <x:p><x:pPr><x:tabs><x:tab x:val="left" x:pos="720"/></x:tabs></x:pPr><x:r><x:t>First</x:t></x:r>\
    <x:r><x:tab/><x:t xml:space="preserve">paragraph &amp; more</x:t></x:r></x:p>
    <x:p><x:r><x:t>Line</x:t><x:br/><x:t>break</x:t></x:r><x:del><x:r><x:delText xml:space="preserve"> withdrawn statement</x:delText></x:r></x:del>\
    <x:r><x:instrText> HYPERLINK "http://example.org" </x:instrText></x:r></x:p>
    <x:tbl><x:tr><x:tc><x:p><x:r><x:t>cell one</x:t></x:r></x:p></x:tc><x:tc><x:p><x:r><x:t>cell two</x:t></x:r></x:p></x:tc></x:tr></x:tbl>
    <x:p><x:r><mc:AlternateContent><mc:Choice Requires="wps"><x:t>textbox once</x:t></mc:Choice>\
    <mc:Fallback><x:t>textbox once</x:t></mc:Fallback></mc:AlternateContent></x:r></x:p>
    <x:p><m:oMath><m:r><m:t>E=mc2</m:t></m:r></m:oMath><x:r><x:t>&#x2603; &#9731; &#0; &bogus; &#xD800;</x:t></x:r></x:p>
    """

    static let secondary: [ExtractOfficeBuilder.Part] = [
        Builder.wordPart("word/header1.xml", root: "hdr", Builder.paragraph("Header text")),
        Builder.wordPart("word/footer1.xml", root: "ftr", Builder.paragraph("Footer text")),
        Builder.wordPart("word/footnotes.xml", root: "footnotes", "<w:footnote w:id=\"1\">\(Builder.paragraph("Footnote text"))</w:footnote>"),
        Builder.wordPart("word/comments.xml", root: "comments", "<w:comment w:id=\"0\" w:author=\"DS Jones\">\(Builder.paragraph("Comment text"))</w:comment>"),
    ]
    static let secondaryRelationships = [("r1", "header", "header1.xml"), ("r2", "footer", "/word/footer1.xml"),
                                         ("r3", "footnotes", "./footnotes.xml"), ("r4", "comments", "../word/comments.xml"),
                                         ("r5", "header", "header1.xml")]

    @Test func structureAndSecondaryParts() throws {
        let bytes = try Builder.docx(body: Self.body, extraParts: Self.secondary, extraRelationships: Self.secondaryRelationships)
        let document = OfficeExtractor.extract(bytes, name: "statement.docx", mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let expected = """
        First\tparagraph & more
        Line
        break withdrawn statement
        cell one\tcell two
        textbox once
        E=mc2☃ ☃ \u{FFFD} &bogus; \u{FFFD}
        Footnote text
        Comment text
        Header text
        Footer text
        """
        #expect(document.text == expected)
        #expect(!document.text.contains("HYPERLINK"))
        #expect(document.title == "Statement of witness")
        #expect(document.fields["author"] == "PC 1234 Smith")
        #expect(document.fields["keywords"] == "burglary, exhibit")
        #expect(document.dateMilliseconds == 1_709_633_472_000)
    }

    /// An entity declared in a DTD is never expanded (billion laughs, external entities):
    /// the reference stays literal and the text stays small.
    @Test func entitiesFromADoctypeAreNeverExpanded() throws {
        let doctype = """
        <!DOCTYPE x:document [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
        <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\
        <!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY quote "a ] > inside">]>
        """
        let body = "<x:p><x:r><x:t>&lol2; &xxe; safe</x:t></x:r></x:p>"
        let document = OfficeExtractor.extract(try Builder.docx(body: body, doctype: doctype), name: nil, mediaType: nil,
                                               limits: ExtractionLimits())
        #expect(document.outcome == .ok)
        #expect(document.text == "&lol2; &xxe; safe")
    }

    @Test func nestingDeeperThanTheLimitGivesPartialText() throws {
        let deep = String(repeating: "<x:customXml>", count: 40) + "<x:p><x:r><x:t>deep</x:t></x:r></x:p>"
            + String(repeating: "</x:customXml>", count: 40)
        let body = "<x:p><x:r><x:t>shallow</x:t></x:r></x:p>" + deep
        let document = OfficeExtractor.extract(try Builder.docx(body: body), name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .partial)
        #expect(document.text == "shallow")
        #expect(document.reason?.contains("nested deeper than 32") == true)
    }

    @Test func textLimitGivesPartialText() throws {
        var limits = ExtractionLimits()
        limits.maxTextBytes = 12
        let document = OfficeExtractor.extract(try Builder.docx(body: Self.body), name: nil, mediaType: nil, limits: limits)
        #expect(document.outcome == .partial)
        #expect(document.text.utf8.count <= 12)
        #expect(document.text.hasPrefix("First"))
    }

    @Test(.enabled(if: ExtractOfficeBuilder.hasZipTool, "zip(1) is absent"))
    func encryptedPartGivesPartialText() throws {
        let footer = Builder.wordPart("word/footer1.xml", root: "ftr", Builder.paragraph("Secret footer"))
        let bytes = try Builder.docx(body: "<x:p><x:r><x:t>Visible</x:t></x:r></x:p>",
                                     extraRelationships: [("r2", "footer", "footer1.xml")], encrypting: [footer])
        let document = OfficeExtractor.extract(bytes, name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .partial)
        #expect(document.text == "Visible")
        #expect(document.reason?.contains("encrypted") == true)
    }

    @Test func malformedMainPartKeepsWhatWasRead() throws {
        let body = "<x:p><x:r><x:t>Before</x:t></x:r></x:p><x:p><x:r><x:t>unclosed"
        let bytes = try Builder.package([
            Builder.contentTypes([("/word/document.xml", Builder.wordMain)]),
            Builder.relationships("_rels/.rels", [("rId1", "officeDocument", "word/document.xml")]),
            .init(name: "word/document.xml", content: #"<w:document xmlns:w="\#(Builder.wordNamespace)"><w:body>\#(body.replacingOccurrences(of: "x:", with: "w:"))"#),
        ])
        let document = OfficeExtractor.extract(bytes, name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .partial)
        #expect(document.text.hasPrefix("Before"))
    }

    @Test func missingMainPartFails() throws {
        let bytes = try Builder.package([
            Builder.contentTypes([("/word/document.xml", Builder.wordMain)]),
            Builder.relationships("_rels/.rels", [("rId1", "officeDocument", "word/document.xml")]),
        ])
        #expect(OfficeExtractor.extract(bytes, name: nil, mediaType: nil, limits: ExtractionLimits()).outcome == .failed)
    }

    @Test func utf16PartsAreRead() throws {
        var parts = [
            Builder.contentTypes([("/word/document.xml", Builder.wordMain)]),
            Builder.relationships("_rels/.rels", [("rId1", "officeDocument", "word/document.xml")]),
        ]
        // The builder writes UTF-8; a UTF-16 part is made by Python from a marker.
        parts.append(.init(name: "word/document.xml", content: #"<w:document xmlns:w="\#(Builder.wordNamespace)"><w:body><w:p><w:r><w:t>Grüße aus Köln</w:t></w:r></w:p></w:body></w:document>"#))
        let utf8 = try Builder.package(parts)
        var archive = try ZipArchive(utf8)
        let xml = try archive.read(try #require(archive.entry(named: "word/document.xml")))
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in String(decoding: xml, as: UTF8.self).utf16 {
            utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        var handler = XMLRuledTextHandler(rules: OOXMLWord.rules, buffer: OfficeTextBuffer(limit: 1000))
        try XMLEventParser.parse(utf16, maxDepth: 32, handler: &handler)
        #expect(handler.buffer.text == "Grüße aus Köln\n")
    }
}
