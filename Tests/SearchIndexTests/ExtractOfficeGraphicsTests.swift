import Foundation
import Testing
@testable import SearchIndex

/// Text that Office keeps outside the body: charts, SmartArt, text boxes and drawings, and the
/// layouts and masters behind slides, read from the fixtures that make.py writes as Office does.
@Suite(.enabled(if: ExtractFiles.gaps != nil, "the gaps fixtures are missing"))
struct ExtractOfficeGraphicsTests {
    @Test func wordTextBoxesChartsAndSmartArt() throws {
        let document = try ExtractGaps.extract("graphics.docx")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(ExtractGaps.lines(document) == [
            "Statement of PC Ainsley",
            // The text box once: its VML fallback repeats it.
            "Margin note: Wrenfield window latch forced",
            "Legacy box: Cottersby garage",
            // The chart: title, series name, categories, axis title; not the plotted values.
            "Burglaries in Wrenfield ward", "Northgate sector", "Brambleside", "Cottersby", "Offences recorded",
            // SmartArt once: its cached drawing repeats it.
            "Arrested", "Interviewed", "Bailed",
        ])
    }

    @Test func spreadsheetDrawingsChartsAndChartsheets() throws {
        let document = try ExtractGaps.extract("graphics.xlsx")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(ExtractGaps.lines(document) == [
            "Sightings", "Day\tSightings", "Monday\t3",
            "Analyst note: Kestrel Way camera offline",
            "Vehicle sightings by day", "Silver hatchback", "Monday", "Tuesday", "Sightings logged",
            "Overview chart", "Weekly overview Harrowgate", "Tally", "Week one", "Count",
        ])
    }

    @Test func slideChartsSmartArtAndTheLayoutAndMasterTextSlidesShow() throws {
        let document = try ExtractGaps.extract("graphics.pptx")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(ExtractGaps.lines(document) == [
            "Operation Larkspur briefing",
            "Arrests per operation", "Larkspur arrests", "Phase Alder", "Phase Birch", "Arrests made",
            "Intelligence", "Surveillance", "Warrant",
            // The used layout's and the master's own shapes; their placeholders' prompts and
            // the layout no slide uses are left out.
            "Layout banner Larkspur restricted", "Northshire Constabulary",
        ])
        #expect(!document.text.contains("Click to edit") && !document.text.contains("Fennimore"))
    }

    static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let p = "http://schemas.openxmlformats.org/presentationml/2006/main"

    static func part(_ root: String, attributes: String = "", _ shapes: String) -> String {
        ExtractOfficeBuilder.xmlHeader + """
        <p:\(root) xmlns:a="\(a)" xmlns:p="\(p)"\(attributes)><p:cSld><p:spTree>\(shapes)</p:spTree></p:cSld></p:\(root)>
        """
    }

    static func shape(_ text: String, placeholder: Bool = false) -> String {
        let properties = placeholder ? #"<p:nvPr><p:ph type="body" idx="1"/></p:nvPr>"# : "<p:nvPr/>"
        return "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"s\"/><p:cNvSpPr/>\(properties)</p:nvSpPr>"
            + "<p:txBody><a:p><a:r><a:t>\(text)</a:t></a:r></a:p></p:txBody></p:sp>"
    }

    /// "Hide background graphics" (showMasterSp="0") on a slide hides its layout's and master's
    /// shapes; on a layout, the master's. Hidden text is not what the slides show.
    @Test(.enabled(if: ZipTestTools.hasPython, "python3 is absent"))
    func hiddenMasterShapesAreLeftOut() throws {
        typealias Builder = ExtractOfficeBuilder
        let presentation = Builder.xmlHeader + """
        <p:presentation xmlns:p="\(Self.p)" xmlns:r="\(ExtractOfficeFormatTests.r)"><p:sldIdLst>\
        <p:sldId id="256" r:id="rId1"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>
        """
        let bytes = try Builder.package([
            Builder.contentTypes([("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")]),
            Builder.relationships("_rels/.rels", [("rId1", "officeDocument", "ppt/presentation.xml")]),
            .init(name: "ppt/presentation.xml", content: presentation),
            Builder.relationships("ppt/_rels/presentation.xml.rels", [("rId1", "slide", "slides/slide1.xml"),
                                                                      ("rId2", "slide", "slides/slide2.xml")]),
            .init(name: "ppt/slides/slide1.xml", content: Self.part("sld", attributes: #" showMasterSp="0""#, Self.shape("First slide"))),
            Builder.relationships("ppt/slides/_rels/slide1.xml.rels", [("l", "slideLayout", "../slideLayouts/slideLayout1.xml")]),
            .init(name: "ppt/slides/slide2.xml", content: Self.part("sld", Self.shape("Second slide", placeholder: true))),
            Builder.relationships("ppt/slides/_rels/slide2.xml.rels", [("l", "slideLayout", "../slideLayouts/slideLayout2.xml")]),
            .init(name: "ppt/slideLayouts/slideLayout1.xml", content: Self.part("sldLayout", Self.shape("Hidden layout text"))),
            Builder.relationships("ppt/slideLayouts/_rels/slideLayout1.xml.rels", [("m", "slideMaster", "../slideMasters/slideMaster1.xml")]),
            .init(name: "ppt/slideLayouts/slideLayout2.xml",
                  content: Self.part("sldLayout", attributes: #" showMasterSp="0""#, Self.shape("Shown layout text") + Self.shape("Prompt", placeholder: true))),
            Builder.relationships("ppt/slideLayouts/_rels/slideLayout2.xml.rels", [("m", "slideMaster", "../slideMasters/slideMaster1.xml")]),
            .init(name: "ppt/slideMasters/slideMaster1.xml", content: Self.part("sldMaster", Self.shape("Hidden master text"))),
        ])
        let document = OfficeExtractor.extract(bytes, name: nil, mediaType: nil, limits: ExtractionLimits())
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        // A placeholder on a slide is the slide's own text and is kept.
        #expect(ExtractGaps.lines(document) == ["First slide", "Second slide", "Shown layout text"])
    }
}
