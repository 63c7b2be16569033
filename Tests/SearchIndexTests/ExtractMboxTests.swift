import Testing
@testable import SearchIndex

@Suite struct ExtractMboxTests {
    @Test func splitsAndUnquotes() throws {
        let mbox = """
            From a@example.org Mon Jun 01 10:00:00 2009
            Subject: First
            Date: Mon, 1 Jun 2009 10:00:00 +0000

            Hello
            >From the start
            >>From quoted twice
            > quoted stuff

            From b@example.org Mon Jun 01 11:00:00 2009
            Subject: =?utf-8?q?Second_=E2=80=93_dash?=

            Bye

            """
        let doc = MboxExtractor.extract(mbox.utf8Bytes, limits: ExtractionLimits())
        #expect(doc.outcome == .ok)
        #expect(doc.children.count == 2)
        #expect(doc.children.map(\.name) == ["message 1 - First", "message 2 - Second – dash"])
        #expect(doc.text == "First\nSecond – dash")
        #expect(doc.fields["messages"] == "2")
        let first = try #require(doc.children.first)
        #expect(first.mediaType == "message/rfc822")
        #expect(String(decoding: first.bytes, as: UTF8.self) == """
            Subject: First
            Date: Mon, 1 Jun 2009 10:00:00 +0000

            Hello
            From the start
            >From quoted twice
            > quoted stuff

            """)
        #expect(first.document?.text == "Hello\nFrom the start\n>From quoted twice\n> quoted stuff")
        #expect(first.document?.fields["envelope-from"] == "a@example.org Mon Jun 01 10:00:00 2009")
        #expect(first.document?.dateMilliseconds == 1_243_850_400_000)
        #expect(doc.children[1].document?.text == "Bye")
    }

    @Test func crlfLeadingTextAndNoSubject() {
        let mbox = "junk before\r\n\r\nFrom x Mon Jun 01 10:00:00 2009\r\nTo: y@example.org\r\n\r\nbody\r\n\r\nFrom z Tue Jun 02 10:00:00 2009\r\n\r\nsecond\r\n"
        let doc = MboxExtractor.extract(mbox.utf8Bytes, limits: ExtractionLimits())
        #expect(doc.children.count == 3, "text before the first From line is kept as a message")
        #expect(doc.children.map(\.name) == ["message 1", "message 2", "message 3"])
        #expect(doc.text == "(no subject)\n(no subject)\n(no subject)")
        #expect(doc.children[1].document?.text == "body")
        #expect(doc.children[1].bytes == "To: y@example.org\r\n\r\nbody\r\n".utf8Bytes)
        #expect(doc.children[2].document?.text == "second")
    }

    @Test func childLimitCoversAttachmentsToo() {
        var mbox = ""
        for k in 0..<20 {
            mbox += "From s Mon Jun 01 10:00:00 2009\nSubject: m\(k)\nContent-Type: multipart/mixed; boundary=b\n\n"
            mbox += "--b\n\ntext\n--b\nContent-Type: image/png; name=p.png\n\nx\n--b--\n\n"
        }
        let doc = MboxExtractor.extract(mbox.utf8Bytes, limits: .tight)
        #expect(doc.outcome == .partial)
        let total = doc.children.count + doc.children.reduce(0) { $0 + ($1.document?.children.count ?? 0) }
        #expect(total == ExtractionLimits.tight.maxChildren)
    }

    @Test func dispatcherSniffsMboxAndEmail() {
        let mbox = "From a Mon Jun 01 10:00:00 2009\nSubject: s\n\nx\n".utf8Bytes
        #expect(TextExtractors.format(name: "Inbox", mediaType: nil, bytes: mbox) == .mbox)
        #expect(TextExtractors.format(name: "Inbox", mediaType: "text/plain", bytes: mbox) == .mbox)
        let eml = "Received: from x\nFrom: a@b\nSubject: s\n\nx\n".utf8Bytes
        #expect(TextExtractors.format(name: nil, mediaType: "application/octet-stream", bytes: eml) == .email)
        #expect(TextExtractors.format(name: "notes.txt", mediaType: nil, bytes: eml) == .plainText, "an extension wins over sniffing")
        #expect(TextExtractors.format(name: "Subject line.txt", mediaType: nil, bytes: "Subject: just notes\n".utf8Bytes) == .plainText)
    }
}

@Suite struct ExtractDispatcherTests {
    @Test func choosesByMediaTypeExtensionAndContent() {
        let html = "<!doctype html><title>t</title><p>x".utf8Bytes
        #expect(TextExtractors.format(name: nil, mediaType: "text/html; charset=utf-8", bytes: html) == .html)
        #expect(TextExtractors.format(name: "page.HTM", mediaType: nil, bytes: html) == .html)
        #expect(TextExtractors.format(name: nil, mediaType: nil, bytes: html) == .html)
        #expect(TextExtractors.format(name: "feed.xml", mediaType: nil, bytes: "<?xml version=\"1.0\"?><a>b</a>".utf8Bytes) == .html)
        #expect(TextExtractors.format(name: "data", mediaType: "text/plain", bytes: "a,b\n".utf8Bytes) == .plainText)
        #expect(TextExtractors.format(name: "data.csv", mediaType: "text/plain", bytes: "a,b\n".utf8Bytes) == .csv)
        #expect(TextExtractors.format(name: "x.tsv", mediaType: nil, bytes: "a\tb\n".utf8Bytes) == .csv)
        #expect(TextExtractors.format(name: "x.eml", mediaType: nil, bytes: "hello".utf8Bytes) == .email)
        #expect(TextExtractors.format(name: "x.mbox", mediaType: nil, bytes: "hello".utf8Bytes) == .mbox)
        #expect(TextExtractors.format(name: "x.log", mediaType: nil, bytes: "hello".utf8Bytes) == .plainText)
        #expect(TextExtractors.format(name: nil, mediaType: "text/markdown", bytes: "# hi".utf8Bytes) == .plainText)
        #expect(TextExtractors.format(name: nil, mediaType: "application/json", bytes: "{}".utf8Bytes) == .plainText)
    }

    @Test func everythingElseIsUnsupported() {
        let cases: [(String?, String?, [UInt8])] = [
            ("photo.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0]),
            ("a.pdf", "application/pdf", "%PDF-1.7\n".utf8Bytes),
            ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [0x50, 0x4B, 0x03, 0x04]),
            (nil, "application/octet-stream", "%PDF-1.4\n".utf8Bytes),
            ("unknown.bin", nil, [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0x41, count: 100)),
            ("memo.txt", nil, [0xD0, 0xCF, 0x11, 0xE0] + [UInt8](repeating: 0, count: 100)),
            (nil, "text/rtf", "{\\rtf1 hello}".utf8Bytes),
            (nil, "video/mp4", [0, 0, 0, 0x18] + "ftypmp42".utf8Bytes),
        ]
        for (name, type, bytes) in cases {
            let doc = TextExtractors.extract(bytes, name: name, mediaType: type, limits: ExtractionLimits())
            #expect(doc.outcome == .unsupported, "\(name ?? "-") \(type ?? "-")")
            #expect(doc.text.isEmpty)
        }
    }

    @Test func mediaTypeCharsetAndSizeLimit() {
        let doc = TextExtractors.extract([0xA4, 0x35], name: nil, mediaType: "text/plain; charset=ISO-8859-15",
                                         limits: ExtractionLimits())
        #expect(doc.text == "€5")
        var limits = ExtractionLimits()
        limits.maxInputBytes = 3
        let big = TextExtractors.extract("abcd".utf8Bytes, name: "a.txt", mediaType: nil, limits: limits)
        #expect(big.outcome == .failed)
        #expect(big.reason == "The file is larger than the extraction limit of 3 bytes.")
    }
}
