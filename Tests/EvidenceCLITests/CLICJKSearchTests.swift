import Foundation
import Testing

/// Mail in the multi-byte charsets of Chinese, Japanese and Korean, end to end: decoded
/// through iconv, and words inside sentences (which have no spaces) found by `evidence search`.
@Suite("CLI: CJK charsets and words inside CJK sentences")
struct CLICJKSearchTests {
    /// A message whose subject is Shift_JIS, body GB2312, with an EUC-KR text attachment and a
    /// Big5 HTML attachment (bytes from CPython's codecs, as in ExtractCJKCharsetTests).
    static func mail() -> Data {
        let subject = Data([0x8F, 0xD8, 0x8B, 0x92, 0x95, 0x69, 0x82, 0xCD, 0x93, 0x8C, 0x8B, 0x9E, 0x82, 0xCC, 0x91, 0x71,
                            0x8C, 0xC9, 0x82, 0xC5, 0x89, 0x9F, 0x8E, 0xFB, 0x82, 0xB3, 0x82, 0xEA, 0x82, 0xBD])
        let body = Data([0xBE, 0xAF, 0xB7, 0xBD, 0xD4, 0xDA, 0xB1, 0xB1, 0xBE, 0xA9, 0xB5, 0xF7, 0xB2, 0xE9, 0xC1, 0xCB,
                         0xD5, 0xE2, 0xB8, 0xF6, 0xB0, 0xB8, 0xBC, 0xFE])
        let korean = Data([0xB0, 0xE6, 0xC2, 0xFB, 0xC0, 0xBA, 0x20, 0xBC, 0xAD, 0xBF, 0xEF, 0xBF, 0xA1, 0xBC, 0xAD, 0x20,
                           0xC1, 0xF5, 0xB0, 0xC5, 0xB8, 0xA6, 0x20, 0xBE, 0xD0, 0xBC, 0xF6, 0xC7, 0xDF, 0xB4, 0xD9])
        let big5 = Data("<html><body><p>".utf8) + Data([0xC4, 0xB5, 0xA4, 0xE8, 0xA6, 0x62, 0xA5, 0x78, 0xA5, 0x5F, 0xBD,
                                                         0xD5, 0xAC, 0x64, 0xA4, 0x46, 0xB3, 0x6F, 0xAD, 0xD3, 0xAE, 0xD7,
                                                         0xA5, 0xF3]) + Data("</p></body></html>".utf8)
        let text = """
            From: Wei Zhang <wei@example.com>
            To: officer@example.com
            Subject: =?shift_jis?B?\(subject.base64EncodedString())?=
            Date: Mon, 16 Mar 2026 08:14:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=gb2312
            Content-Transfer-Encoding: base64

            \(body.base64EncodedString())
            --b1
            Content-Type: text/plain; charset=euc-kr; name="seoul.txt"
            Content-Disposition: attachment; filename="seoul.txt"
            Content-Transfer-Encoding: base64

            \(korean.base64EncodedString())
            --b1
            Content-Type: text/html; charset=big5; name="taipei.html"
            Content-Disposition: attachment; filename="taipei.html"
            Content-Transfer-Encoding: base64

            \(big5.base64EncodedString())
            --b1--

            """
        return Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test("GB2312, Shift_JIS, EUC-KR and Big5 mail is decoded and its words are found inside sentences")
    func cjkMailIsSearchable() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.add([try bed.write("in/cjk.eml", Self.mail())])
            let expectations: [(query: String, names: Set<String>)] = [
                ("北京", ["cjk.eml"]),         // GB2312 body: "Beijing" inside the sentence
                ("倉庫", ["cjk.eml"]),         // Shift_JIS subject: "warehouse"
                ("subject:押収", ["cjk.eml"]),  // and as a field
                ("증거", ["seoul.txt"]),       // EUC-KR attachment: "evidence" with its particle attached
                ("台北", ["taipei.html"]),     // Big5 HTML attachment
            ]
            for (query, names) in expectations {
                let answer = try bed.search(query)
                #expect(Set(hitNames(answer)) == names, "\(query): \(hitNames(answer))")
            }
            let report = try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines()
            #expect(report.isEmpty, "every part decoded: \(report)")
        }
    }
}
