import Foundation
import Testing
@testable import SearchIndex

/// CPython's MIME test messages (libpython3.11-testsuite), with attachment sizes and first
/// bytes checked against Python's own email package.
@Suite(.enabled(if: ExtractFiles.cpythonEmail != nil,
                "CPython's MIME test messages are absent (apt-get install libpython3.11-testsuite): not run"))
struct ExtractCPythonMessageTests {
    static func message(_ name: String) throws -> ExtractedDocument {
        let url = try #require(ExtractFiles.cpythonEmail).appendingPathComponent(name)
        return TextExtractors.extract(try ExtractFiles.bytes(url), name: nil, mediaType: "message/rfc822", limits: ExtractionLimits())
    }

    @Test func everyMessageParses() throws {
        let dir = try #require(ExtractFiles.cpythonEmail)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("msg_") }.sorted()
        #expect(names.count >= 47)
        for name in names {
            let bytes = try ExtractFiles.bytes(dir.appendingPathComponent(name))
            let doc = EmailExtractor.extract(bytes, limits: ExtractionLimits())
            #expect(doc.outcome == .ok || doc.outcome == .partial, "\(name)")
            // With tight limits too: bounded, and still no crash.
            let tight = EmailExtractor.extract(bytes, limits: .tight)
            #expect(tight.text.utf8.count <= ExtractionLimits.tight.maxTextBytes)
        }
    }

    @Test func base64ImageAttachment() throws {
        let doc = try Self.message("msg_07.txt")
        #expect(doc.title == "Here is your dingus fish")
        #expect(doc.fields["from"] == "Barry <barry@digicool.com>")
        #expect(doc.dateMilliseconds == 987_809_702_000)  // Fri, 20 Apr 2001 19:35:02 -0400
        #expect(doc.text == "Hi there,\n\nThis is the dingus fish.")
        #expect(doc.children.count == 1)
        let gif = try #require(doc.children.first)
        #expect(gif.name == "dingusfish.gif")
        #expect(gif.mediaType == "image/gif")
        #expect(gif.bytes.count == 3512)
        #expect(gif.bytes.starts(with: Array("GIF87a".utf8)))
        #expect(gif.document == nil, "images are extracted elsewhere")
    }

    @Test func nestedMultipart() throws {
        let doc = try Self.message("msg_13.txt")
        #expect(doc.text == "A text/plain part\n\nHi there,\n\nThis is the dingus fish.")
        #expect(doc.children.map(\.name) == ["dingusfish.gif"])
        #expect(doc.children.first?.bytes.count == 3512)
    }

    @Test func quotedPrintableAndBase64Parts() throws {
        let doc = try Self.message("msg_10.txt")
        #expect(doc.text == """
            This is a 7bit encoded message.

            \u{A1}This is a Quoted Printable encoded message!

            This is a Base64 encoded message.

            This is a Base64 encoded message.

            This has no Content-Transfer-Encoding: header.
            """)
    }

    @Test func messageRFC822Parts() throws {
        let forwarded = try Self.message("msg_06.txt")
        let inner = try #require(forwarded.children.first)
        #expect(forwarded.children.count == 1)
        #expect(inner.mediaType == "message/rfc822")
        #expect(inner.name == "testing.eml")
        #expect(inner.document?.title == "testing")
        #expect(inner.document?.fields["message-id"] == "15265.9468.713530.98441@python.org")
        #expect(inner.bytes.starts(with: Array("MIME-Version: 1.0".utf8)))

        let groupwise = try Self.message("msg_46.txt")
        #expect(groupwise.children.first?.document?.text == "Testing email forwarding with Groupwise 1.2.2010")
        #expect(groupwise.children.first?.document?.fields["from"] == "\"Dr. Sender\" <sender@example.net>")

        let bounce = try Self.message("msg_16.txt")
        #expect(bounce.text.contains("Reason: recipient reached disk quota"))
        #expect(bounce.text.contains("Status: 5.0.0"), "message/delivery-status is text")
        #expect(bounce.children.map(\.mediaType) == ["message/rfc822"])
        #expect(bounce.children.first?.document?.title == "[scr] yeah for Ians!!")

        let digest = try Self.message("msg_02.txt")
        #expect(digest.children.count == 5)
        #expect(digest.children.allSatisfy { $0.mediaType == "message/rfc822" && $0.document?.text == "hello" })
        #expect(digest.children.first?.document?.title == "[Ppp] testing #1")
    }

    @Test func otherAttachments() throws {
        let riscos = try Self.message("msg_26.txt")
        #expect(riscos.text == "Simple email with attachment.")
        #expect(riscos.children.map(\.name) == ["clock.bmp"])
        #expect(riscos.children.first?.mediaType == "application/riscos")
        #expect(riscos.children.first?.bytes.count == 630)
        #expect(riscos.children.first?.bytes.starts(with: Array("BM".utf8)) == true)

        let signed = try Self.message("msg_45.txt")
        #expect(signed.text == "This is the signed contents.")
        #expect(signed.children.map(\.name) == ["signature.asc"])
        #expect(signed.children.first?.bytes.count == 189)
        #expect(signed.children.first?.document == nil, "a signature is not text to index")

        let jpegs = try Self.message("msg_22.txt")
        #expect(jpegs.children.map(\.name) == ["wibble.JPG", "wibble2.JPG"])
        #expect(jpegs.children.map(\.bytes.count) == [272, 317])
        #expect(jpegs.children.allSatisfy { $0.bytes.starts(with: [0xFF, 0xD8, 0xFF, 0xE0]) })
    }

    @Test func parameterEncodingsAndOddStructures() throws {
        // RFC 2231: charset*=ansi-x3.4-1968''us-ascii.
        #expect(try Self.message("msg_32.txt").text == "Some message.")
        // Named text/plain parts without a disposition are body text.
        #expect(try Self.message("msg_44.txt").text == "a simple kind of mirror\nto reflect upon our own\n\na simple kind of mirror\nto reflect upon our own")
        // A content type without a subtype is text/plain.
        #expect(try Self.message("msg_14.txt").text.contains("Hi,"))
        // Inner and outer multipart share one boundary: every part is still found.
        let sameBoundary = try Self.message("msg_15.txt")
        #expect(sameBoundary.text.contains("Some removed test."))
        #expect(sameBoundary.children.map(\.name) == ["xx.gif"])
    }
}

/// Headers, encoded words, dates and MIME structures built for the purpose.
@Suite struct ExtractEmailTests {
    static func eml(_ headers: String, _ body: String = "body\n") -> [UInt8] {
        (headers + "\n\n" + body).utf8Bytes
    }

    /// The examples of RFC 2047 §8.
    @Test func rfc2047Examples() {
        let doc = EmailExtractor.extract(Self.eml("""
            From: =?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>
            To: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>
            CC: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>
            Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=
                =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=
            """), limits: ExtractionLimits())
        #expect(doc.fields["from"] == "Keith Moore <moore@cs.utk.edu>")
        #expect(doc.fields["to"] == "Keld Jørn Simonsen <keld@dkuug.dk>")
        #expect(doc.fields["cc"] == "André Pirard <PIRARD@vm1.ulg.ac.be>")
        #expect(doc.title == "If you can read this you understand the example.")
        let cases = [
            ("(=?ISO-8859-1?Q?a?=)", "(a)"),
            ("(=?ISO-8859-1?Q?a?= b)", "(a b)"),
            ("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"),
            ("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"),
            ("(=?ISO-8859-1?Q?a?=\n    =?ISO-8859-1?Q?b?=)", "(ab)"),
            ("(=?ISO-8859-1?Q?a_b?=)", "(a b)"),
            ("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)"),
        ]
        for (raw, expected) in cases {
            let doc = EmailExtractor.extract(Self.eml("Subject: " + raw), limits: ExtractionLimits())
            #expect(doc.title == expected, "\(raw)")
        }
    }

    @Test func encodedWordCharsets() {
        let cases = [
            ("=?iso-8859-15?q?=A4100_caf=E9?=", "€100 café"),
            ("=?windows-1252?Q?=80_=93q=94_=91s=92_=96_=97?=", "€ “q” ‘s’ – —"),
            ("=?iso-8859-1?q?=A3_=E9?=", "£ é"),
            ("=?UTF-8?B?4oKsIOKAkyDigJk=?=", "€ – ’"),
            ("=?utf-8?q?=E2=82=AC?=", "€"),
            ("=?UTF-8?B?4oI=?= =?UTF-8?B?rA==?=", "€"),  // a character split across two words
            ("=?utf-8*en?Q?hello?=", "hello"),  // RFC 2231 language suffix
            ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
            ("Caf\u{E9} raw", "Café raw"),  // 8-bit UTF-8 in a header
            ("not =?encoded", "not =?encoded"),
            ("=?utf-8?x?bad?=", "=?utf-8?x?bad?="),
        ]
        for (raw, expected) in cases {
            let doc = EmailExtractor.extract(Self.eml("Subject: " + raw), limits: ExtractionLimits())
            #expect(doc.title == expected, "\(raw)")
            #expect(doc.outcome == .ok, "\(raw)")
        }
        // Raw Latin-1 in a header.
        let latin = EmailExtractor.extract("Subject: Andr".utf8Bytes + [0xE9] + "\n\nx".utf8Bytes, limits: ExtractionLimits())
        #expect(latin.title == "André")
    }

    @Test func unknownCharsetIsBestEffortAndPartial() {
        let doc = EmailExtractor.extract(Self.eml("Subject: =?x-unknown?Q?caf=C3=A9?="), limits: ExtractionLimits())
        #expect(doc.title == "café")
        #expect(doc.outcome == .partial)
        #expect(doc.reason?.contains("x-unknown") == true)
        let body = EmailExtractor.extract(Self.eml("Content-Type: text/plain; charset=x-unknown-cjk", "hello world"), limits: ExtractionLimits())
        #expect(body.text == "hello world")
        #expect(body.outcome == .partial)
    }

    @Test func dates() {
        let cases: [(String, Int64?)] = [
            ("Sat, 03 Dec 2022 15:30:11 +1300", 1_670_034_611),
            ("Tue, 9 Jun 2009 23:58:45 -0400", 1_244_606_325),
            ("9 Jun 2009 23:58:45 -0400", 1_244_606_325),
            ("Tue, 9 Jun 2009 23:58 -0400", 1_244_606_280),
            ("Mon, 1 Jun 09 10:00:00 EST", 1_243_868_400),
            ("Mon, 1 Jun 09 10:00:00 EDT", 1_243_864_800),
            ("Mon, 1 Jun 2009 10:00:00 PDT", 1_243_875_600),
            ("Mon, 1 Jun 2009 10:00:00 GMT", 1_243_850_400),
            ("Mon, 1 Jun 2009 10:00:00 UT", 1_243_850_400),
            ("Mon, 1 Jun 2009 10:00:00 Z", 1_243_850_400),
            ("Mon, 1 Jun 2009 10:00:00 A", 1_243_850_400),  // military zones count as UTC (RFC 5322 §4.3)
            ("Fri, 21 Nov 97 09:55:06 -0600", 880_127_706),
            ("Fri, 21 Nov 097 09:55:06 -0600", 880_127_706),
            ("Thu,\n      13\n        Feb\n          1969\n      23:32\n               -0330 (Newfoundland Time)", -27_723_480),
            ("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600", 880_127_706),
            ("Sun, 23 Sep 2001 20:14:35 -0700 (PDT)", 1_001_301_275),
            ("Mon Jun 01 10:00:00 2009", 1_243_850_400),
            ("03-Dec-2022 15:30:11 +1300", 1_670_034_611),
            ("Sat, 29 Feb 2023 10:00:00 +0000", nil),
            ("Sat, 32 Dec 2022 10:00:00 +0000", nil),
            ("yesterday", nil),
            ("", nil),
        ]
        for (raw, seconds) in cases {
            #expect(MIMEDate.milliseconds(raw) == seconds.map { $0 * 1000 }, "\(raw)")
        }
    }

    @Test func headerUnfoldingAndFields() {
        let doc = EmailExtractor.extract(Self.eml("""
            From envelope@example.org Mon Jun 01 10:00:00 2009
            Received: from a
              by b
            To: a@example.org,
             b@example.org
            To: c@example.org
            Message-ID: <id@example.org>
            Comments: one
            Keywords: k1, k2
            Subject: folded
             subject
            """), limits: ExtractionLimits())
        #expect(doc.fields["to"] == "a@example.org, b@example.org, c@example.org")
        #expect(doc.fields["message-id"] == "id@example.org")
        #expect(doc.fields["comments"] == "one")
        #expect(doc.fields["keywords"] == "k1, k2")
        #expect(doc.fields["envelope-from"] == "envelope@example.org Mon Jun 01 10:00:00 2009")
        #expect(doc.title == "folded subject")
        #expect(doc.text == "body")
    }

    @Test func alternativesPreferPlainAndKeepDifferingWords() {
        let message = """
            Content-Type: multipart/alternative; boundary=b

            --b
            Content-Type: text/html; charset=utf-8

            <p>Hello <b>world</b></p><p>only in html</p>
            --b
            Content-Type: text/plain; charset=utf-8

            Hello world
            --b--
            """
        let doc = EmailExtractor.extract(message.utf8Bytes, limits: ExtractionLimits())
        #expect(doc.text == "Hello world")
        #expect(doc.fields["alternative-text"] == "Hello world\nonly in html")

        let htmlOnly = EmailExtractor.extract("""
            Content-Type: multipart/alternative; boundary=b

            --b
            Content-Type: text/html; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            <p>Caf=E9 &amp; bar</p>
            --b--
            """.utf8Bytes, limits: ExtractionLimits())
        #expect(htmlOnly.text == "Café & bar")
    }

    @Test func attachmentNamesAndTypes() {
        let message = """
            Content-Type: multipart/mixed; boundary="xyz"

            preamble is not text
            --xyz
            Content-Type: text/plain

            Body text.
            --xyz
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20rates.txt
            Content-Transfer-Encoding: base64

            UmF0ZXMgaW4g4oKs
            --xyz
            Content-Type: text/plain; name="../../etc/notes.txt"
            Content-Disposition: attachment

            attached notes
            --xyz
            Content-Type: application/pdf; name="=?utf-8?q?r=C3=A9sum=C3=A9.pdf?="
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --xyz
            Content-Type: image/png

            not really a png
            --xyz
            Content-Type: text/csv; name*0="long"; name*1="name.csv"

            a,b
            1,2
            --xyz--
            epilogue is not text
            """
        let doc = EmailExtractor.extract(message.utf8Bytes, limits: ExtractionLimits())
        #expect(doc.text == "Body text.")
        #expect(doc.children.map(\.name) == ["€ rates.txt", "notes.txt", "résumé.pdf", "part 6.png", "longname.csv"])
        #expect(doc.children.map(\.mediaType) == ["application/octet-stream", "text/plain", "application/pdf", "image/png", "text/csv"])
        #expect(doc.children[0].bytes == Array("Rates in €".utf8))
        #expect(doc.children[0].document?.text == "Rates in €")
        #expect(doc.children[1].document?.text == "attached notes")
        #expect(doc.children[2].bytes == Array("%PDF-1.4\n".utf8))
        #expect(doc.children[2].document == nil, "PDF is extracted by the store through the child item")
        #expect(doc.children[3].document == nil)
        #expect(doc.children[4].document?.text == "a\tb\n1\t2")
    }

    @Test func missingCloseDelimiterAndNoBoundary() {
        let unterminated = EmailExtractor.extract("""
            Content-Type: multipart/mixed; boundary=b

            --b

            first
            --b

            second
            """.utf8Bytes, limits: ExtractionLimits())
        #expect(unterminated.text == "first\n\nsecond")
        let noBoundary = EmailExtractor.extract("Content-Type: multipart/mixed\n\nplain words\n".utf8Bytes, limits: ExtractionLimits())
        #expect(noBoundary.text == "plain words")
        #expect(noBoundary.outcome == .partial)
        let noDelimiter = EmailExtractor.extract("Content-Type: multipart/mixed; boundary=zz\n\njust text\n".utf8Bytes, limits: ExtractionLimits())
        #expect(noDelimiter.text == "just text")
    }

    @Test func limitsAreHonoured() {
        // Depth: 40 nested multiparts.
        var nested = ""
        for k in 0..<40 { nested += "Content-Type: multipart/mixed; boundary=b\(k)\n\n--b\(k)\n" }
        nested += "Content-Type: text/plain\n\ndeep\n"
        let deep = EmailExtractor.extract(nested.utf8Bytes, limits: .tight)
        #expect(deep.outcome == .partial)
        #expect(deep.reason?.contains("nested") == true)

        // Children: 30 attachments against a limit of 12.
        var many = "Content-Type: multipart/mixed; boundary=b\n\n"
        for k in 0..<30 { many += "--b\nContent-Type: image/png; name=\"\(k).png\"\n\nx\n" }
        let capped = EmailExtractor.extract((many + "--b--\n").utf8Bytes, limits: .tight)
        #expect(capped.children.count == ExtractionLimits.tight.maxChildren)
        #expect(capped.outcome == .partial)

        // Expansion: 100 KiB of base64 against 64 KiB.
        let big = String(repeating: "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n", count: 2200)
        let bomb = EmailExtractor.extract(("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/zip\n"
            + "Content-Transfer-Encoding: base64\n\n" + big + "--b--\n").utf8Bytes, limits: .tight)
        #expect(bomb.children.isEmpty)
        #expect(bomb.outcome == .partial)
        #expect(bomb.reason?.contains("expansion") == true)

        // Text.
        let long = EmailExtractor.extract(Self.eml("Subject: s", String(repeating: "word ", count: 5000)), limits: .tight)
        #expect(long.text.utf8.count <= ExtractionLimits.tight.maxTextBytes)
        #expect(long.outcome == .partial)
    }

    @Test(.timeLimit(.minutes(1))) func pathologicalHeadersStayLinear() {
        let patterns = [
            String(repeating: "=?a?q?", count: 200_000),
            "=?" + String(repeating: "a", count: 1_000_000),
            String(repeating: "=?utf-8?q?", count: 100_000),
            String(repeating: "=?utf-8?b?QQ==?= ", count: 50_000),
        ]
        var limits = ExtractionLimits.tight
        limits.maxInputBytes = 16 << 20
        for p in patterns {
            let doc = EmailExtractor.extract(Self.eml("Subject: " + p), limits: limits)
            #expect(doc.outcome == .ok || doc.outcome == .partial)
        }
        let boundaries = "Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\n", count: 200_000)
        let doc = EmailExtractor.extract(boundaries.utf8Bytes, limits: limits)
        #expect(doc.text.isEmpty)
    }
}

@Suite struct ExtractDeepNestingTests {
    /// Even with a huge configured depth, recursion stops at a depth the stack can take.
    @Test func deepNestingWithAGenerousLimit() {
        var limits = ExtractionLimits()
        limits.maxDepth = 1_000_000
        var nested = ""
        for k in 0..<300 { nested += "Content-Type: multipart/mixed; boundary=b\(k)\n\n--b\(k)\n" }
        nested += "Content-Type: text/plain\n\ndeep\n"
        let multipart = EmailExtractor.extract(nested.utf8Bytes, limits: limits)
        #expect(multipart.outcome == .partial)
        var messages = ""
        for _ in 0..<300 { messages += "Subject: s\nContent-Type: message/rfc822\n\n" }
        let forwarded = EmailExtractor.extract((messages + "Subject: last\n\nbody\n").utf8Bytes, limits: limits)
        var depth = 0
        var doc: ExtractedDocument? = forwarded
        while let d = doc, let next = d.children.first?.document { depth += 1; doc = next }
        #expect(depth == TextExtractionContext.recursionCap)
    }
}
