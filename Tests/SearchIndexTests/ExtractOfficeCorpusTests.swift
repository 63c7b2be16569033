import Foundation
import Testing
@testable import SearchIndex

/// The DOCX, XLSX, ODT, ODS and OTT files of Tests/Fixtures/corpora/extraction/xapian-omega-testfiles:
/// every expected term is found, blank documents extract to nothing without failing.
@Suite
struct ExtractOfficeCorpusTests {
    static let files = ["msxml/Doc.docx", "msxml/Book.xlsx", "opendoc/blank.odt", "opendoc/test.odt",
                        "opendoc/text.odt", "opendoc/text_template.ott", "opendoc/spreadsheet.ods"]

    @Test(arguments: files)
    func expectedTermsAreFound(file: String) throws {
        let expected = try #require(try ExtractOfficeCorpus.expectedTerms()[file], "\(file) is not in expected-terms.json")
        let document = OfficeExtractor.extract(try ExtractOfficeCorpus.bytes(file), name: file, mediaType: nil,
                                               limits: ExtractionLimits())
        #expect(document.outcome == .ok, "\(file): \(document.reason ?? "")")
        let missing = ExtractOfficeCorpus.missingTerms(expected, in: document)
        #expect(missing.isEmpty, "\(file) lacks \(missing); text: \(document.text.prefix(500))")
        if expected.isEmpty { #expect(document.text.isEmpty) }
    }

    @Test func coreAndMetaProperties() throws {
        let docx = OfficeExtractor.extract(try ExtractOfficeCorpus.bytes("msxml/Doc.docx"), name: nil, mediaType: nil,
                                           limits: ExtractionLimits())
        #expect(docx.title == "Bakery Review")
        #expect(docx.fields["author"] == "Parth Kapadia")
        #expect(docx.fields["last-modified-by"] == "Rajesh Kapadiya")
        #expect(docx.fields["created"] == "2020-07-11T09:17:00Z")
        #expect(docx.dateMilliseconds == 1_594_459_020_000)

        let odt = OfficeExtractor.extract(try ExtractOfficeCorpus.bytes("opendoc/text.odt"), name: nil, mediaType: nil,
                                          limits: ExtractionLimits())
        #expect(odt.title == "testtitle")
        #expect(odt.fields["author"] == "Olly")
        #expect(odt.fields["subject"] == "testsubject")
        #expect(odt.fields["created"] == "2020-06-02T09:01:53Z")
    }

    @Test func spreadsheetCellsAreRowsOfTabSeparatedValues() throws {
        let xlsx = OfficeExtractor.extract(try ExtractOfficeCorpus.bytes("msxml/Book.xlsx"), name: nil, mediaType: nil,
                                           limits: ExtractionLimits())
        #expect(xlsx.text.contains("Employee Name\tSalary\tReview\nMahesh Bhatt\t5000\tGood\n"))
    }

    /// The format comes from the package, not from the name or the media type given.
    @Test func detectionIgnoresTheNameAndMediaType() throws {
        let docx = try ExtractOfficeCorpus.bytes("msxml/Doc.docx")
        let renamed = OfficeExtractor.extract(docx, name: "holiday.jpg", mediaType: "image/jpeg", limits: ExtractionLimits())
        #expect(renamed.outcome == .ok && renamed.text.contains("едой"))
        let ods = try ExtractOfficeCorpus.bytes("opendoc/spreadsheet.ods")
        let misnamed = OfficeExtractor.extract(ods, name: "report.docx",
                                               mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                               limits: ExtractionLimits())
        #expect(misnamed.outcome == .ok && ExtractOfficeCorpus.words(misnamed.text).contains("hello"))
    }
}
