import Foundation
import Testing
@testable import SearchIndex

/// XLSX, PPTX and ODF structure, and the packages that are not office documents.
@Suite(.enabled(if: ZipTestTools.hasPython, "python3 is absent: office format tests not run"))
struct ExtractOfficeFormatTests {
    typealias Builder = ExtractOfficeBuilder
    static let s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func sheet(_ rows: String) -> String {
        Builder.xmlHeader + #"<worksheet xmlns="\#(s)" xmlns:r="\#(r)"><sheetData>\#(rows)</sheetData></worksheet>"#
    }

    @Test func spreadsheetInWorkbookOrderWithAllCellTypes() throws {
        let workbook = Builder.xmlHeader + """
        <workbook xmlns="\(Self.s)" xmlns:r="\(Self.r)"><sheets>\
        <sheet name="Zeta" sheetId="2" r:id="rIdB"/><sheet name="Hidden ledger" sheetId="1" state="veryHidden" r:id="rIdA"/>\
        </sheets></workbook>
        """
        let shared = Builder.xmlHeader + """
        <sst xmlns="\(Self.s)" count="3" uniqueCount="3"><si><t>Suspect</t></si>\
        <si><r><t>Rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>phonetic</t></rPh></si><si><t>漢字</t></si></sst>
        """
        let zeta = Self.sheet("""
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>inline</t></is></c><c r="C1"><v>42.5</v></c></row>\
        <row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="C2" t="e"><v>#DIV/0!</v></c>\
        <c r="D2" t="s"><v>99</v></c><c r="E2" t="s"><v>1</v></c></row><row r="3"/>
        """)
        let hidden = Self.sheet(#"<row r="1"><c r="A1" t="s"><v>2</v></c></row>"#)
        let comments = Builder.xmlHeader + """
        <comments xmlns="\(Self.s)"><authors><author>DC Patel</author></authors><commentList>\
        <comment ref="A1" authorId="0"><text><r><t>Checked against the bank statement</t></r></text></comment></commentList></comments>
        """
        let bytes = try Builder.package([
            Builder.contentTypes([("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")]),
            Builder.relationships("_rels/.rels", [("rId1", "officeDocument", "xl/workbook.xml")]),
            .init(name: "xl/workbook.xml", content: workbook),
            Builder.relationships("xl/_rels/workbook.xml.rels", [("rIdA", "worksheet", "worksheets/sheet1.xml"),
                                                                 ("rIdB", "worksheet", "worksheets/sheet2.xml"),
                                                                 ("rIdS", "sharedStrings", "sharedStrings.xml")]),
            .init(name: "xl/sharedStrings.xml", content: shared),
            .init(name: "xl/worksheets/sheet1.xml", content: hidden),
            .init(name: "xl/worksheets/sheet2.xml", content: zeta),
            Builder.relationships("xl/worksheets/_rels/sheet2.xml.rels", [("c1", "comments", "../comments1.xml")]),
            .init(name: "xl/comments1.xml", content: comments),
        ])
        let document = OfficeExtractor.extract(bytes, name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(document.text == """
        Zeta
        Suspect\tinline\t42.5
        TRUE\tab\t#DIV/0!\tRich text
        Checked against the bank statement
        Hidden ledger
        漢字
        """)
    }

    static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let p = "http://schemas.openxmlformats.org/presentationml/2006/main"

    static func slide(_ root: String, _ paragraphs: String) -> String {
        Builder.xmlHeader + """
        <p:\(root) xmlns:a="\(a)" xmlns:p="\(p)" xmlns:r="\(r)"><p:cSld><p:spTree><p:sp><p:txBody>\
        \(paragraphs)</p:txBody></p:sp></p:spTree></p:cSld></p:\(root)>
        """
    }

    @Test func presentationInSlideOrderWithNotes() throws {
        let presentation = Builder.xmlHeader + """
        <p:presentation xmlns:p="\(Self.p)" xmlns:r="\(Self.r)"><p:sldIdLst>\
        <p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>
        """
        let bytes = try Builder.package([
            Builder.contentTypes([("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")]),
            Builder.relationships("_rels/.rels", [("rId1", "officeDocument", "ppt/presentation.xml")]),
            .init(name: "ppt/presentation.xml", content: presentation),
            Builder.relationships("ppt/_rels/presentation.xml.rels", [("rId2", "slide", "slides/slide1.xml"),
                                                                      ("rId3", "slide", "slides/slide2.xml")]),
            .init(name: "ppt/slides/slide1.xml", content: Self.slide("sld", "<a:p><a:r><a:rPr lang=\"en-GB\"/><a:t>Second slide</a:t></a:r></a:p>")),
            .init(name: "ppt/slides/slide2.xml", content: Self.slide("sld", """
            <a:p><a:r><a:t>Opening</a:t></a:r><a:br/><a:r><a:t>slide</a:t></a:r></a:p><a:p><a:r><a:t>Timeline</a:t></a:r></a:p>
            """)),
            Builder.relationships("ppt/slides/_rels/slide2.xml.rels", [("n1", "notesSlide", "../notesSlides/notesSlide1.xml")]),
            .init(name: "ppt/notesSlides/notesSlide1.xml", content: Self.slide("notes", "<a:p><a:r><a:t>Speaker notes</a:t></a:r></a:p>")),
        ])
        let document = OfficeExtractor.extract(bytes, name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(document.text == "Opening\nslide\nTimeline\nSpeaker notes\nSecond slide")
    }

    static let odfNamespaces = """
    xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
    xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
    xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
    xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" \
    xmlns:dc="http://purl.org/dc/elements/1.1/" \
    xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    """

    static func odt(content: String, styles: String = "", manifestExtra: String = "") throws -> [UInt8] {
        try Builder.package([
            .init(name: "mimetype", content: "application/vnd.oasis.opendocument.text", stored: true),
            .init(name: "content.xml", content: Builder.xmlHeader + """
            <office:document-content \(odfNamespaces)><office:automatic-styles><style:style style:name="P1">\
            <text:p>not body text</text:p></style:style></office:automatic-styles><office:body><office:text>\(content)\
            </office:text></office:body></office:document-content>
            """),
            .init(name: "styles.xml", content: Builder.xmlHeader + """
            <office:document-styles \(odfNamespaces)><office:master-styles><style:master-page style:name="Standard">\
            \(styles)</style:master-page></office:master-styles></office:document-styles>
            """),
            .init(name: "meta.xml", content: Builder.xmlHeader + """
            <office:document-meta \(odfNamespaces)><office:meta><dc:title>Interview record</dc:title>\
            <meta:initial-creator>DC Patel</meta:initial-creator><dc:creator>DS Jones</dc:creator>\
            <meta:creation-date>2023-11-05T14:03:00.123456789</meta:creation-date></office:meta></office:document-meta>
            """),
            .init(name: "META-INF/manifest.xml", content: Builder.xmlHeader + """
            <manifest:manifest \(odfNamespaces)><manifest:file-entry manifest:full-path="/" \
            manifest:media-type="application/vnd.oasis.opendocument.text"/>\
            <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">\(manifestExtra)</manifest:file-entry>\
            </manifest:manifest>
            """),
        ])
    }

    @Test func openDocumentTextStructure() throws {
        let content = """
        <text:h text:outline-level="1">Record   of\n   interview</text:h>
        <text:p>Spaces<text:s text:c="3"/>kept,<text:tab/>tab, <text:span>span</text:span>\
        <text:line-break/>new line<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>\
        <text:note-body><text:p>A footnote</text:p></text:note-body></text:note></text:p>
        <text:list><text:list-item><text:p>Item one</text:p></text:list-item></text:list>
        <table:table><table:table-row><table:table-cell><text:p>Cell A</text:p></table:table-cell>\
        <table:table-cell table:number-columns-repeated="1000000"><text:p>Cell B</text:p></table:table-cell></table:table-row></table:table>
        <text:s text:c="99999999"/>
        """
        let styles = "<style:header><text:p>CONFIDENTIAL page <text:page-number>1</text:page-number></text:p></style:header>"
        let document = OfficeExtractor.extract(try Self.odt(content: content, styles: styles), name: nil, mediaType: nil,
                                               limits: ExtractionLimits())
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(document.text == """
        Record of interview
        Spaces   kept,\ttab, span
        new line1A footnote

        Item one
        Cell A\tCell B
        CONFIDENTIAL page
        """)
        #expect(document.title == "Interview record")
        #expect(document.fields["author"] == "DC Patel")
        #expect(document.fields["last-modified-by"] == "DS Jones")
        #expect(document.dateMilliseconds == 1_699_192_980_123)
    }

    /// `text:s` repeats a space as often as the file says, up to a bound.
    @Test func spaceCountIsBounded() throws {
        let document = OfficeExtractor.extract(try Self.odt(content: #"<text:p>a<text:s text:c="99999999"/>b</text:p>"#),
                                               name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.text == "a" + String(repeating: " ", count: XMLRuledTextHandler.maxSpaces) + "b")
    }

    @Test func passwordProtectedOpenDocumentFails() throws {
        let encryption = """
        <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">\
        <manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>\
        </manifest:encryption-data>
        """
        let document = OfficeExtractor.extract(try Self.odt(content: "<text:p>x</text:p>", manifestExtra: encryption),
                                               name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .failed)
        #expect(document.reason?.contains("password") == true)
    }

    @Test func packagesThatAreNotOfficeDocuments() throws {
        let plain = try Builder.package([.init(name: "notes.txt", content: "hello")])
        #expect(OfficeExtractor.extract(plain, name: "a.zip", mediaType: nil, limits: ExtractionLimits()).outcome == .unsupported)
        // An EPUB and an XLSB without their main parts are read as such and fail, saying why
        // (ExtractEPUBTests and ExtractXLSBTests read whole ones).
        let epub = try Builder.package([.init(name: "mimetype", content: "application/epub+zip", stored: true)])
        let noPackage = OfficeExtractor.extract(epub, name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(noPackage.outcome == .failed && noPackage.reason?.contains("package document") == true, "\(noPackage)")
        let xlsb = try Builder.package([
            Builder.contentTypes([("/xl/workbook.bin", "application/vnd.ms-excel.sheet.binary.macroEnabled.main")]),
            Builder.relationships("_rels/.rels", [("rId1", "officeDocument", "xl/workbook.bin")]),
        ])
        let noWorkbook = OfficeExtractor.extract(xlsb, name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(noWorkbook.outcome == .failed && noWorkbook.reason?.contains("xl/workbook.bin") == true, "\(noWorkbook)")
        let compound: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        // A compound file without a usable header is damaged (ExtractPasswordProtectedTests has whole ones).
        let damaged = OfficeExtractor.extract(compound, name: "locked.docx", mediaType: nil, limits: ExtractionLimits())
        #expect(damaged.outcome == .failed && damaged.reason?.contains("damaged") == true)
        #expect(OfficeExtractor.extract(Array("not a zip".utf8), name: nil, mediaType: nil, limits: ExtractionLimits()).outcome == .failed)
        var small = ExtractionLimits()
        small.maxInputBytes = 10
        #expect(OfficeExtractor.extract(plain, name: nil, mediaType: nil, limits: small).outcome == .failed)
    }
}
