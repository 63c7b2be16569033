import Foundation
import Testing
@testable import SearchIndex

/// XPS and OpenXPS (Glyphs' UnicodeString, pages in sequence order) and Visio drawings
/// (the Text of the shapes on each page).
@Suite(.enabled(if: ExtractFormats.folder != nil, "the formats fixtures are missing"))
struct ExtractFixedLayoutTests {
    @Test(arguments: ["manifest.xps", "manifest.oxps"])
    func xps(_ name: String) throws {
        let document = try ExtractFormats.extract(name)
        #expect(document.outcome == .ok, "\(document)")
        #expect(document.title == "Sea Wren cargo manifest")
        #expect(document.fields["author"] == "Harbour Constable Idris Mbeki")
        let lines = ExtractGaps.lines(document)
        // Glyphs on one baseline join into a line; "{}" escapes a leading brace.
        #expect(lines == ["Manifest of the trawler Sea Wren", "Cargo: twelve crates of cardamom",
                          "{sealed} by the harbour constable", "Second page: the quartermaster signed at noon"], "\(lines)")
    }

    @Test func xpsWithAMissingPageIsPartial() throws {
        let bytes = try ExtractFormats.bytes("manifest.xps")
        var archive = try ZipArchive(bytes)
        let kept = try archive.entries.filter { !$0.name.hasSuffix("2.fpage") }.map { ($0.name, try archive.read($0)) }
        let document = Extractors.extract(ZipTestTools.storedZip(kept), name: "manifest.xps", mediaType: nil)
        #expect(document.outcome == .partial && document.reason?.contains("2.fpage") == true, "\(document)")
        #expect(document.text.contains("cardamom"))
    }

    /// The vsdx package's own template, written by Visio (BSD-3-Clause, see the README).
    @Test func visioDrawing() throws {
        let document = try ExtractFormats.extract("vsdx-media.vsdx")
        #expect(document.outcome == .ok, "\(document)")
        #expect(document.fields["author"] == "Dave Howard")
        let lines = ExtractGaps.lines(document)
        #expect(lines.first == "Page-1", "\(lines)")
        for label in ["RECTANGLE", "CONNECTED_SHAPE", "STRAIGHT_CONNECTOR", "CURVED_CONNECTOR", "CIRCLE", "LINE"] {
            #expect(lines.contains(label), "\(label) missing from \(lines)")
        }
    }

    /// A hand-made drawing: pages.xml lists page 2's part first, a shape group nests its
    /// members' text, a master's placeholder text is not on any page.
    @Test func visioPagesInOrderWithGroups() {
        let v = "http://schemas.microsoft.com/office/visio/2012/main"
        let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let rels = "http://schemas.openxmlformats.org/package/2006/relationships"
        func relationships(_ items: [(String, String, String)]) -> [UInt8] {
            Array(("<Relationships xmlns=\"\(rels)\">" + items.map {
                "<Relationship Id=\"\($0.0)\" Type=\"http://schemas.microsoft.com/visio/2010/relationships/\($0.1)\" Target=\"\($0.2)\"/>"
            }.joined() + "</Relationships>").utf8)
        }
        func page(_ shapes: String) -> [UInt8] { Array("<PageContents xmlns=\"\(v)\"><Shapes>\(shapes)</Shapes></PageContents>".utf8) }
        let drawing = ZipTestTools.storedZip([
            ("[Content_Types].xml", Array("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8)),
            ("_rels/.rels", relationships([("rId1", "document", "visio/document.xml")])),
            ("visio/document.xml", Array("<VisioDocument xmlns=\"\(v)\"/>".utf8)),
            ("visio/_rels/document.xml.rels", relationships([("rId1", "pages", "pages/pages.xml"), ("rId2", "masters", "masters/masters.xml")])),
            ("visio/pages/pages.xml", Array("""
                <Pages xmlns="\(v)" xmlns:r="\(r)"><Page ID="1" Name="Floor plan"><Rel r:id="rId2"/></Page>\
                <Page ID="0" Name="Timeline"><Rel r:id="rId1"/></Page></Pages>
                """.utf8)),
            ("visio/pages/_rels/pages.xml.rels", relationships([("rId1", "page", "page1.xml"), ("rId2", "page", "page2.xml")])),
            ("visio/pages/page1.xml", page("<Shape ID=\"1\"><Text><cp IX=\"0\"/>Suspect arrives 21:40</Text></Shape>")),
            ("visio/pages/page2.xml", page("""
                <Shape ID="1" Type="Group"><Shapes><Shape ID="2"><Text>Back door</Text></Shape>\
                <Shape ID="3"><Text>Loading <pp IX="0"/>bay</Text></Shape></Shapes></Shape>
                """)),
            ("visio/masters/master1.xml", page("<Shape ID=\"5\"><Text>Placeholder stencil label</Text></Shape>")),
        ])
        let document = Extractors.extract(drawing, name: "plan.vsdx", mediaType: nil)
        #expect(document.outcome == .ok, "\(document)")
        #expect(ExtractGaps.lines(document) == ["Floor plan", "Back door", "Loading bay", "Timeline", "Suspect arrives 21:40"],
                "\(document.text)")
    }

    @Test func truncatedAndBombLimitedPackages() throws {
        for name in ["manifest.xps", "vsdx-media.vsdx", "exhibits.xlsb"] {
            let bytes = try ExtractFormats.bytes(name)
            let truncated = Extractors.extract(Array(bytes.prefix(bytes.count - 30)), name: name, mediaType: nil)
            #expect(truncated.outcome == .failed && truncated.reason?.isEmpty == false, "\(name): \(truncated)")
            let limited = Extractors.extract(bytes, name: name, mediaType: nil, limits: ExtractFormats.tightExpansion(1500))
            #expect(limited.outcome != .ok && limited.reason?.contains("limit") == true, "\(name): \(limited)")
        }
    }
}
