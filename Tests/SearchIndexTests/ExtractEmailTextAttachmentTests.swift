import Foundation
import Testing
@testable import SearchIndex

/// `text/plain` parts with a .txt name, attached or inline, are text: the item made of an
/// attachment keeps its charset, so that UTF-16 without a byte order mark and legacy code
/// pages read as the mail said.
@Suite(.enabled(if: ExtractFiles.gaps != nil, "the gaps fixtures are missing"))
struct ExtractEmailTextAttachmentTests {
    @Test func textAttachmentsAreText() throws {
        let mail = try ExtractGaps.extract("text-attachments.eml")
        #expect(mail.outcome == .ok, "\(mail.reason ?? "")")
        // The inline part with a file name is body text.
        #expect(mail.text == "Please find the canvass notes attached.\n\nCafé owner saw the Harrowgate suspect.")
        #expect(mail.children.map(\.name) == ["witness-notes.txt", "svidetel.txt", "door-log.txt"])
        #expect(mail.children.map(\.mediaType) == ["text/plain; charset=utf-16le", "text/plain; charset=utf-16le",
                                                   "application/octet-stream"])
        let expected = ["Witness notes: the Quillfeather van left at dawn.", "Свидетель видел машину у гаража.",
                        "Door log: Tamworth Road side gate opened 02:14."]
        for (child, text) in zip(mail.children, expected) {
            #expect(child.document?.outcome == .ok && child.document?.text.trimmingOfficeWhitespace() == text,
                    "\(child.name): \(String(describing: child.document))")
            // The item recorded for the part is extracted again from its bytes, name and type.
            let item = Extractors.extract(child.bytes, name: child.name, mediaType: child.mediaType)
            #expect(item.outcome == .ok && item.text.trimmingOfficeWhitespace() == text, "\(child.name): \(item.outcome) \(item.reason ?? "")")
        }
    }

    /// Why the label must go with the part: Russian UTF-16 without a byte order mark, read
    /// without it, looks like binary data.
    @Test func withoutItsCharsetAUTF16PartLooksBinary() throws {
        let mail = try ExtractGaps.extract("text-attachments.eml")
        let russian = try #require(mail.children.first { $0.name == "svidetel.txt" })
        #expect(Extractors.extract(russian.bytes, name: russian.name, mediaType: "text/plain").outcome == .unsupported)
    }

    @Test func charsetLabelsCarriedOnlyWhenTheyAreTokens() {
        #expect(EmailWalker.typeWithCharset("text/plain", "UTF-16LE") == "text/plain; charset=utf-16le")
        #expect(EmailWalker.typeWithCharset("text/plain", "x\"; evil=1") == "text/plain")
        #expect(EmailWalker.typeWithCharset("application/pdf", "utf-8") == "application/pdf")
        #expect(EmailWalker.typeWithCharset("text/csv", nil) == "text/csv")
        #expect(EmailWalker.fileExtension("text/plain; charset=utf-8") == "txt")
    }
}
