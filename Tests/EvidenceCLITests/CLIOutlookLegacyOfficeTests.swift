import Foundation
import Testing

/// Outlook .msg, legacy Office and RTF files end to end: added with `evidence add`, their
/// words found by `evidence search`, an embedded message and its attachment recorded as items
/// of their own and searchable, and nothing left in the extraction report.
@Suite("CLI: Outlook .msg, .doc, .xls, .ppt and .rtf")
struct CLIOutlookLegacyOfficeTests {
    static let outlook = SearchFixtures.packageRoot + "/Tests/Fixtures/corpora/extraction/outlook/"
    static let legacy = SearchFixtures.packageRoot + "/Tests/Fixtures/corpora/extraction/legacy-office/"

    @Test("a .msg's body and its attached message are found; .doc, .xls, .ppt and .rtf words are found")
    func outlookAndLegacyOfficeAreSearchable() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.add([Self.outlook + "other.msg", Self.outlook + "outer.msg"]
                        + ["legacy.doc", "legacy.xls", "legacy.ppt", "legacy.rtf"].map { Self.legacy + $0 })
            let expectations: [(query: String, names: Set<String>)] = [
                ("automatically", ["other.msg"]),                  // the .msg's plain body
                ("Meredith", ["default_attachment.eml"]),           // the embedded message's body
                ("outer", ["outer.msg"]),                           // subject and body
                ("quokka", ["legacy.doc", "legacy.rtf"]),
                ("marigold", ["legacy.doc", "legacy.rtf"]),         // the page header
                ("turquoise", ["legacy.xls"]),
                ("vermilion", ["legacy.ppt"]),
            ]
            for (query, names) in expectations {
                let answer = try bed.search(query)
                #expect(Set(hitNames(answer)) == names, "\(query): \(hitNames(answer))")
            }
            // The embedded message and its PDF attachment are items of their own, the PDF with
            // exactly the bytes the message carried.
            let items = try bed.listItems()
            let names = items.compactMap { $0["name"] as? String }
            #expect(names.contains("default_attachment.eml") && names.contains("test.eml"), "\(names)")
            let pdf = try #require(items.first { ($0["name"] as? String)?.hasSuffix("确认n.pdf") == true }, "\(names)")
            #expect(pdf["sha256"] as? String == "3e834481760ebbba8b635f4a273ce1b5b3b973cacbfbe9c9513047d16ffc6ee0")
            let report = try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines()
            #expect(report.allSatisfy { ($0["name"] as? String)?.hasSuffix(".pdf") == true }, "\(report)")
        }
    }
}
