import Foundation
import Testing
@testable import SearchIndex

/// Outlook .msg files made by Outlook (msg-parser's test files, BSD licence; see the fixtures
/// README): header fields as an .eml gives them, the body, embedded messages and attachments
/// as children with their bytes, and damaged input with a reason.
@Suite(.enabled(if: ExtractFiles.outlook != nil, "the outlook fixtures are missing"))
struct ExtractOutlookMessageTests {
    static func file(_ name: String) throws -> [UInt8] {
        try ExtractFiles.bytes(try #require(ExtractFiles.outlook).appendingPathComponent(name))
    }

    @Test func outerMessageWithEmbeddedMessage() throws {
        let document = Extractors.extract(try Self.file("outer.msg"), name: "outer.msg", mediaType: nil)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(document.title == "outer subject")
        #expect(document.fields["subject"] == "outer subject")
        #expect(document.fields["to"] == "outer@foo.bar")
        #expect(document.text == "Outer body")
        // PR_MESSAGE_DELIVERY_TIME, 2016-11-15 (the file has no submit time nor Date header).
        #expect(document.dateMilliseconds == 1_479_252_545_816, "\(document.dateMilliseconds ?? 0)")
        #expect(document.fields["date"] == "Tue, 15 Nov 2016 23:29:05 +0000")
        #expect(document.children.count == 1)
        let child = try #require(document.children.first)
        #expect(child.name == "test.eml" && child.mediaType == "message/rfc822")
        // The child is RFC 822, read again as any attached .eml would be.
        let again = Extractors.extract(child.bytes, name: child.name, mediaType: child.mediaType)
        #expect(again.title == "test" && again.text == "body" && again.fields["to"] == "test@foobar.com", "\(again)")
        #expect(child.document == again)
    }

    @Test func deliveryFailureWithNestedMessageAndPDF() throws {
        let document = Extractors.extract(try Self.file("other.msg"), name: "other.msg", mediaType: nil)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(document.title == "投递状态通知 (Failure Notice)")
        let words = Set(ExtractWords.words(document.text))
        #expect(words.isSuperset(of: ["automatically", "generated", "delivery", "notification", "hp", "lsz", "服务器已经放弃投递"]), "\(document.text)")
        // From the transport headers, as the .eml would have them.
        #expect(document.fields["from"]?.contains("mailer-daemon@tjdpf.org.cn") == true, "\(document.fields)")
        #expect(document.fields["to"]?.contains("yosipnps@model.com") == true, "\(document.fields)")
        #expect(document.fields["message-id"] == "99d78a$k8gjl@esa2.mentor.iphmx.com")
        #expect(document.dateMilliseconds != nil)
        let child = try #require(document.children.first)
        #expect(document.children.count == 1)
        #expect(child.name == "default_attachment.eml" && child.mediaType == "message/rfc822")
        let inner = Extractors.extract(child.bytes, name: child.name, mediaType: child.mediaType)
        #expect(inner.title == "回复：转发：反馈·北京 2017年12月02-03日 销售")
        #expect(inner.fields["from"]?.contains("yosipnps@model.com") == true, "\(inner.fields)")
        #expect(inner.fields["message-id"] == "20171127174424864054@model.com")
        #expect(Set(ExtractWords.words(inner.text)).isSuperset(of: ["meredith", "fyi"]), "\(inner.text)")
        let pdf = try #require(inner.children.first)
        #expect(inner.children.count == 1)
        #expect(pdf.name == "北京 2017年12月02-03日 销售主管 确认n.pdf")
        #expect(pdf.mediaType == "application/pdf")
        #expect(pdf.bytes.count == 144_702 && pdf.bytes.starts(with: Array("%PDF-1.5".utf8)))
        #expect(ExtractOutlookSupport.sha256(pdf.bytes) == "3e834481760ebbba8b635f4a273ce1b5b3b973cacbfbe9c9513047d16ffc6ee0")
    }

    @Test func compressedRTFBodyDecompressesToTheBody() throws {
        let file = try OLECompoundFile(try Self.file("outer.msg"))
        let compressed = try #require(file.stream(at: ["__substg1.0_10090102"], maxBytes: 1 << 20))
        let rtf = try CompressedRTF.decompress(compressed, maxBytes: 1 << 20)
        #expect(RTFText.isRTF(rtf))
        let text = RTFText(rtf, maxTextBytes: 1 << 20).string
        #expect(text.contains("Outer body"), "\(text)")
        // Cut short inside: still no crash, and no more than the data holds.
        #expect(throws: CompressedRTF.Failure.self) { try CompressedRTF.decompress(Array(compressed.prefix(10)), maxBytes: 100) }
    }

    /// Without a plain body, the HTML body's text is used, else the RTF body's; Outlook's HTML
    /// encapsulated in RTF gives its text without the tags.
    @Test func bodiesWithoutPlainText() throws {
        let context = TextExtractionContext(limits: ExtractionLimits())
        var html = OutlookMessage()
        html.subject = "html only"
        html.htmlBody = Array("<html><body><p>Sighting near the <b>lighthouse</b></p><p>caf\u{E9}</p></body></html>".utf8)
        html.htmlCharset = "utf-8"
        let fromHTML = html.document(context: context, depth: 0)
        #expect(Set(ExtractWords.words(fromHTML.text)) == ["sighting", "near", "the", "lighthouse", "café"], "\(fromHTML.text)")
        var rtf = OutlookMessage()
        let file = try OLECompoundFile(try Self.file("outer.msg"))
        let compressed = try #require(file.stream(at: ["__substg1.0_10090102"], maxBytes: 1 << 20))
        rtf.rtfBody = try CompressedRTF.decompress(compressed, maxBytes: 1 << 20)
        #expect(rtf.document(context: context, depth: 0).text == "Outer body")
        var encapsulated = OutlookMessage()
        encapsulated.rtfBody = Array(#"{\rtf1\ansi\fromhtml1 {\*\htmltag19 <html>}{\*\htmltag64 <p>}\htmlrtf {\htmlrtf0 Parcel left at the\htmlrtf }\htmlrtf0  depot{\*\htmltag72 </p>}\htmlrtf\par\htmlrtf0 {\*\htmltag64 <p>}second\htmlrtf\par\htmlrtf0}"#.utf8)
        let text = encapsulated.document(context: context, depth: 0).text
        #expect(ExtractWords.words(text) == ["parcel", "left", "at", "the", "depot", "second"], "\(text)")
        #expect(!text.contains("<"))
    }

    @Test func damagedMessagesSayWhy() throws {
        let bytes = try Self.file("other.msg")
        let truncated = Extractors.extract(Array(bytes.prefix(300)), name: "cut.msg", mediaType: nil)
        #expect(truncated.outcome == .failed && truncated.reason?.contains("damaged") == true, "\(truncated)")
        let half = Extractors.extract(Array(bytes.prefix(bytes.count / 2)), name: "half.msg", mediaType: nil)
        #expect(half.outcome == .partial && half.reason?.contains("truncated") == true, "\(half)")
        var scrambled = bytes
        for k in stride(from: 600, to: scrambled.count, by: 7) { scrambled[k] ^= 0x5A }
        let noise = Extractors.extract(scrambled, name: "noise.msg", mediaType: nil)
        #expect(noise.outcome != .ok && noise.reason != nil, "\(noise)")
    }
}

enum ExtractOutlookSupport {
    static func sha256(_ bytes: [UInt8]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data.prefix(64), as: UTF8.self)
    }
}
