import Foundation
import Testing
@testable import SearchIndex

/// PST files through libpff. No PST with a clear licence could be had here (none is made by
/// any tool on this machine, and the packages looked at ship none), so what is tested is the
/// failure path on damaged files and the RFC 822 form each PST message takes, built from a real
/// .msg's message; reading messages out of a real PST is untested.
@Suite struct ExtractPSTTests {
    @Test func damagedPSTFilesSayWhy() {
        // The signature and a header of zeros: libpff refuses it, and the reason says so.
        let zeros = PSTExtractor.signature + [UInt8](repeating: 0, count: 4092)
        let document = Extractors.extract(zeros, name: "mail.pst", mediaType: nil)
        #expect(document.outcome == .failed && document.reason?.hasPrefix("The PST file is damaged") == true, "\(document)")
        var noise = PSTExtractor.signature + Array("SM".utf8) + [0x17, 0x00, 0x01, 0x01]
        for k in 0..<8192 { noise.append(UInt8(truncatingIfNeeded: k &* 2_654_435_761 >> 13)) }
        let random = Extractors.extract(noise, name: "mail.pst", mediaType: nil)
        #expect(random.outcome == .failed && random.reason != nil, "\(random)")
        #expect(PSTExtractor.extract(Array("not a pst".utf8)).outcome == .failed)
    }

    /// A message as a PST child is written: read back by the email extractor with its fields,
    /// folder, body and attachment bytes.
    @Test(.enabled(if: ExtractFiles.outlook != nil, "the outlook fixtures are missing"))
    func messagesBecomeRFC822() throws {
        let bytes = try ExtractFiles.bytes(try #require(ExtractFiles.outlook).appendingPathComponent("other.msg"))
        let file = try OLECompoundFile(bytes)
        let context = TextExtractionContext(limits: ExtractionLimits())
        var message = OutlookMessage(file: file, storage: OLECompoundFile.root, owner: .topMessage, context: context, depth: 0)
        message.extraFields["folder"] = "Top of Personal Folders/Inbox"
        let eml = message.rfc822(context: context)
        let document = Extractors.extract(eml, name: "message 1.eml", mediaType: "message/rfc822")
        #expect(document.title == "投递状态通知 (Failure Notice)")
        #expect(document.fields["from"]?.contains("mailer-daemon@tjdpf.org.cn") == true)
        #expect(document.text.contains("automatically generated Delivery Status Notification"))
        #expect(String(decoding: eml, as: UTF8.self).contains("X-Outlook-Folder: Top of Personal Folders/Inbox"))
        let inner = try #require(document.children.first)
        #expect(inner.mediaType == "message/rfc822")
        let pdf = try #require(inner.document?.children.first)
        #expect(pdf.bytes.count == 144_702 && pdf.name == "北京 2017年12月02-03日 销售主管 确认n.pdf")
    }
}
