import Foundation
import Testing
@testable import SearchIndex

/// OpenDocument text outside the body: spreadsheets' page headers and footers (styles.xml)
/// and presentations' header, footer and date declarations (content.xml).
@Suite(.enabled(if: ExtractFiles.gaps != nil, "the gaps fixtures are missing"))
struct ExtractODFHeaderTests {
    @Test func spreadsheetHeadersAndFootersWithoutTheirFields() throws {
        let document = try ExtractGaps.extract("headers.ods")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        // The sheet-name and page-number fields hold "???" and "1" in styles.xml: not text.
        #expect(ExtractGaps.lines(document) == ["Crowbar", "Exhibit schedule Pellingham Road", "Prepared by DC Okafor, page"])
    }

    @Test func presentationHeaderFooterAndDateDeclarations() throws {
        let document = try ExtractGaps.extract("footer.odp")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(ExtractGaps.lines(document) == ["Northshire briefing header", "Operation Larkspur footer restricted",
                                                "Briefed 4 March", "Slide body Wrenfield"])
    }
}
