import Foundation
import Testing

/// Text that used to go unsearched in formats the README claims, end to end: each fixture of
/// Tests/Fixtures/corpora/extraction/gaps added with `evidence add` and found by the words
/// only its chart, SmartArt, text box, slide master, header, footer, annotation or text
/// attachment holds; password-protected files named as such in search and in the report.
@Suite("CLI: extraction of charts, headers, annotations, text attachments and protected files")
struct CLIExtractionGapsTests {
    static let folder = SearchFixtures.packageRoot + "/Tests/Fixtures/corpora/extraction/gaps/"

    @Test("words in charts, SmartArt, text boxes, drawings, slide masters, ODF headers and footers, PDF annotations and .txt attachments are found")
    func gapsAreSearchable() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let files = ["graphics.docx", "graphics.xlsx", "graphics.pptx", "headers.ods", "footer.odp",
                         "annotations-only.pdf", "annotated.pdf", "text-attachments.eml"]
            try bed.add(files.map { Self.folder + $0 })
            let expectations: [(query: String, names: Set<String>)] = [
                ("latch", ["graphics.docx"]),                 // Word text box (wps:txbx)
                ("garage", ["graphics.docx"]),                // Word VML text box
                ("Northgate", ["graphics.docx"]),             // chart series name
                ("Brambleside", ["graphics.docx"]),           // chart category label
                ("Offences", ["graphics.docx"]),              // chart axis title
                ("Bailed", ["graphics.docx"]),                // SmartArt
                ("Kestrel", ["graphics.xlsx"]),               // worksheet drawing text box
                ("hatchback", ["graphics.xlsx"]),             // worksheet chart series
                ("Weekly", ["graphics.xlsx"]),                // chartsheet chart title
                ("Alder", ["graphics.pptx"]),                 // slide chart category
                ("Surveillance", ["graphics.pptx"]),          // slide SmartArt
                ("banner", ["graphics.pptx"]),                // slide layout text
                ("Constabulary", ["graphics.pptx"]),          // slide master text
                ("Pellingham", ["headers.ods"]),              // spreadsheet page header
                ("Okafor", ["headers.ods"]),                  // spreadsheet page footer
                ("footer", ["footer.odp"]),                   // presentation footer declaration
                ("Ravensworth", ["annotations-only.pdf"]),    // comment on a highlight
                ("timestamp", ["annotations-only.pdf", "annotated.pdf"]),  // sticky note
                ("Quillfeather", ["witness-notes.txt"]),      // UTF-16 .txt attachment
                ("машину", ["svidetel.txt"]),                 // UTF-16 .txt attachment, Cyrillic
                ("Harrowgate", ["graphics.xlsx", "annotations-only.pdf", "annotated.pdf", "text-attachments.eml"]),
                ("gate", ["door-log.txt"]),                   // .txt attachment sent as octet-stream
            ]
            for (query, names) in expectations {
                let answer = try bed.search(query)
                #expect(Set(hitNames(answer)) == names, "\(query): \(hitNames(answer))")
            }
            // Placeholder prompts of layouts and masters, and a layout no slide uses, are not text.
            let prompts = try total(bed.search("Click")), unusedLayout = try total(bed.search("Fennimore"))
            #expect(prompts == 0 && unusedLayout == 0)
            // A PDF whose only text is its annotations is not a scan.
            let onlyNotes = try #require((try bed.search("name:annotations-only.pdf")["hits"] as? [[String: Any]])?.first)
            #expect(onlyNotes["extraction"] as? String == "ok", "\(onlyNotes)")
            let report = try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines()
            #expect(report.isEmpty, "every file extracted cleanly: \(report)")
        }
    }

    @Test("password-protected DOCX, ODT and PDF are failed with a reason that says so, in search and the report")
    func passwordProtectedFilesAreNamed() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let files = ["encrypted.docx", "encrypted.odt", "encrypted.pdf"]
            try bed.add(files.map { Self.folder + $0 })
            for name in files {
                let hit = try #require((try bed.search("name:\(name)")["hits"] as? [[String: Any]])?.first, "\(name)")
                #expect(hit["extraction"] as? String == "failed", "\(name): \(hit)")
                #expect((hit["extractionReason"] as? String)?.contains("password-protected") == true, "\(name): \(hit)")
            }
            let report = try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines()
            #expect(Set(report.compactMap { $0["name"] as? String }) == Set(files), "\(report)")
            #expect(report.allSatisfy { ($0["reason"] as? String)?.contains("password-protected") == true }, "\(report)")
        }
    }
}
