import Foundation
import Testing
@testable import SearchIndex

/// The invented burglary case in demo/burglary.
@Suite(.enabled(if: ExtractFiles.demo != nil, "demo/burglary is absent: demo case not run"))
struct ExtractDemoCaseTests {
    static func file(_ path: String) throws -> (bytes: [UInt8], name: String) {
        let url = try #require(ExtractFiles.demo).appendingPathComponent(path)
        return (try ExtractFiles.bytes(url), url.lastPathComponent)
    }

    static func extract(_ path: String) throws -> ExtractedDocument {
        let (bytes, name) = try file(path)
        return TextExtractors.extract(bytes, name: name, mediaType: nil, limits: ExtractionLimits())
    }

    /// Windows-1252 with CRLF: £ (0xA3), curly quotes (0x92…) and en dash decode, no CR is left.
    @Test func victimStatementInWindows1252() throws {
        let (bytes, _) = try Self.file("statements/MG11_01_Helen-MARSH_victim.txt")
        #expect(bytes.contains(0xA3) && bytes.contains(0x92), "the file is Windows-1252")
        let doc = try Self.extract("statements/MG11_01_Helen-MARSH_victim.txt")
        #expect(doc.outcome == .ok)
        #expect(doc.text.contains("£"))
        #expect(doc.text.contains("\u{2019}"))
        #expect(doc.text.contains("\u{2013}"))
        #expect(!doc.text.contains("\r"))
        #expect(!doc.text.contains("\u{FFFD}"))
        #expect(!doc.text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
    }

    @Test func otherStatementsAndDocuments() throws {
        let neighbour = try Self.extract("statements/MG11_02_Graham-TOLLEY_neighbour.txt")
        #expect(neighbour.outcome == .ok)
        #expect(neighbour.text.contains("FRONT DRIVE"))
        let report = try Self.extract("documents/crime-report_WS-11472-26_summary.txt")
        #expect(report.text.contains("WS/11472/26"))
        let cdr = try Self.extract("documents/CDR_AB-2_07700900417_2026-03-13_to_2026-03-16.csv")
        #expect(cdr.outcome == .ok)
        #expect(cdr.fields["delimiter"] == ",")
        #expect(cdr.text.contains("07700900862"))
        #expect(!cdr.text.contains("\r"))
    }

    @Test func savedListingPage() throws {
        let doc = try Self.extract("documents/SwapSpot_listing_4471902283_captured_2026-03-16.html")
        #expect(doc.outcome == .ok)
        #expect(doc.title == "PS5 Disc Edition 825GB + 2 controllers – quick sale | SwapSpot")
        #expect(doc.fields["description"]?.contains("£280") == true)
        #expect(doc.text.contains("kdz_gamez"))
        #expect(!doc.text.contains("box-sizing"), "style dropped")
        #expect(!doc.text.contains("@context"), "JSON-LD script dropped")
    }

    /// multipart/mixed → alternative (text/plain QP + text/html QP) + base64 CSV attachment,
    /// with an RFC 2047 subject split over two encoded words.
    @Test func victimEmail() throws {
        let doc = try Self.extract("email/2026-03-16_0814_Helen-Marsh_to_DC-Brennan_stolen-property-list.eml")
        #expect(doc.outcome == .ok, "\(doc.reason ?? "")")
        let subject = "Burglary at 27 Wrenfield Road \u{2013} stolen property list and PS5 for sale online (WS/11472/26)"
        #expect(doc.title == subject)
        #expect(doc.fields["subject"] == subject)
        #expect(doc.fields["from"] == "Helen Marsh <h.marsh@example.net>")
        #expect(doc.fields["to"] == "\"DC Amanda Brennan\" <amanda.brennan@westshire.police.uk>")
        #expect(doc.fields["cc"] == "Tom Marsh <tom.marsh@example.net>")
        #expect(doc.fields["message-id"] == "6f1e2b7a-3c94-4d2e-9b1a-8e57c0d4a912@example.net")
        #expect(doc.dateMilliseconds == 1_773_648_862_000)  // 2026-03-16T08:14:22Z
        // Quoted-printable: soft line breaks joined, UTF-8 bytes decoded.
        #expect(doc.text.hasPrefix("Dear Amanda,"))
        #expect(doc.text.contains("I\u{2019}ve attached a\nlist"))
        #expect(doc.text.contains("It comes to £6,281 altogether."))
        #expect(doc.text.contains("\u{201C}kdz_gamez\u{201D}"))
        #expect(!doc.text.contains("=E2") && !doc.text.contains("=\n"))
        // The plain alternative is the body; the HTML one says nothing more.
        #expect(doc.text.components(separatedBy: "Dear Amanda").count == 2)
        #expect(!doc.text.contains("<p>") && !doc.text.contains("moz-signature"))
        #expect(doc.fields["alternative-text"] == nil)

        #expect(doc.children.count == 1)
        let csv = try #require(doc.children.first)
        #expect(csv.name == "stolen-property-27-Wrenfield-Rd.csv")
        // The part's charset goes with it, so the item made of it is read the same way.
        #expect(csv.mediaType == "text/csv; charset=utf-8")
        #expect(csv.bytes.starts(with: Array("Item,Category,Description".utf8)))
        let csvDoc = try #require(csv.document)
        #expect(csvDoc.outcome == .ok)
        #expect(csvDoc.text.contains("Value (£)"))
        #expect(csvDoc.text.contains("S/N AK51907734"))
        #expect(csvDoc.text.contains("S/N C02HN9TZQ6LR"))
        #expect(csvDoc.text.contains("Bracelet, sterling silver, 7 charms (heart, owl, suitcase, \"Mum\")"))
        #expect(csvDoc.text.split(separator: "\n").count == 13)
    }

    /// The HTML alternative alone (the plain one cut out) gives the body instead.
    @Test func victimEmailHTMLAlternative() throws {
        let (bytes, _) = try Self.file("email/2026-03-16_0814_Helen-Marsh_to_DC-Brennan_stolen-property-list.eml")
        let source = String(decoding: bytes, as: UTF8.self)
        let marker = "--------------a7Hq2nVt5XcJ0sLe4GdR8mUw"
        let pieces = source.components(separatedBy: marker)
        #expect(pieces.count == 4)
        let htmlOnly = pieces[0] + marker + pieces[2] + marker + pieces[3]
        let doc = EmailExtractor.extract(htmlOnly.utf8Bytes, limits: ExtractionLimits())
        #expect(doc.text.hasPrefix("Dear Amanda,"))
        #expect(doc.text.contains("Hallam & Reid"))
        #expect(doc.text.contains("It comes to £6,281 altogether."))
        #expect(doc.text.contains("Westshire Wanderers sticker"))
        #expect(!doc.text.contains("<") && !doc.text.contains("=3D"))
        #expect(doc.children.count == 1)
    }
}
