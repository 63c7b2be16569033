import Testing
@testable import SearchIndex

@Suite struct ExtractPlainTextTests {
    static func text(_ bytes: [UInt8]) -> ExtractedDocument {
        PlainTextExtractor.extract(bytes, limits: ExtractionLimits())
    }

    static func utf16(_ s: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for u in s.utf16 { out += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return out
    }

    @Test func encodings() {
        let sample = "Joey doesn’t share food — Джои 喬伊 😀"
        #expect(Self.text(sample.utf8Bytes).text == sample)
        #expect(Self.text([0xEF, 0xBB, 0xBF] + sample.utf8Bytes).text == sample)
        #expect(Self.text(Self.utf16(sample, bigEndian: false)).text == sample)
        #expect(Self.text(Self.utf16(sample, bigEndian: true)).text == sample)
        // Unmarked UTF-16 is recognised by its zero bytes rather than rejected as binary.
        #expect(Self.text(Self.utf16("Plain ASCII text in UTF-16", bigEndian: false, bom: false)).text == "Plain ASCII text in UTF-16")
        #expect(Self.text(Self.utf16("Plain ASCII text in UTF-16", bigEndian: true, bom: false)).text == "Plain ASCII text in UTF-16")
    }

    /// Bytes that are not UTF-8 are Windows-1252, including 0x80-0x9F.
    @Test func windows1252Fallback() {
        let bytes: [UInt8] = [0x80, 0x20, 0x91, 0x71, 0x92, 0x20, 0x93, 0x64, 0x94, 0x20, 0x96, 0x20, 0x97, 0x20, 0xA3, 0x35,
                              0x20, 0xE9, 0x20, 0x85, 0x20, 0x99]
        #expect(Self.text(bytes).text == "€ ‘q’ “d” – — £5 é … ™")
        // Latin-1 text (the Omega file's bytes) with an invalid sequence next to valid ASCII.
        #expect(Self.text([0xC0, 0x20, 0x62, 0x6F, 0x75, 0x74]).text == "À bout")
        // A UTF-8 file with one stray Latin-1 byte keeps its UTF-8.
        #expect(Self.text("café ".utf8Bytes + [0xE9]).text == "café é")
        // Undefined Windows-1252 bytes (0x81…) are C1 controls and dropped.
        #expect(Self.text([0x61, 0x81, 0x62]).text == "ab")
    }

    @Test func lineEndsAndControls() {
        #expect(Self.text("a\r\nb\rc\nd".utf8Bytes).text == "a\nb\nc\nd")
        #expect(Self.text("tab\there\u{0C}page\u{0B}x".utf8Bytes).text == "tab\there\npage\nx")
        let padding = String(repeating: " padding", count: 100)
        #expect(Self.text([0x61, 0x00, 0x62, 0x07, 0x63, 0x1B, 0x64, 0x7F, 0x65] + padding.utf8Bytes).text == "abcde" + padding)
        #expect(Self.text([0x61, 0x00, 0x62, 0x07, 0x63, 0x1B, 0x64, 0x7F, 0x65]).outcome == .unsupported, "short and half controls")
        #expect(Self.text("a\u{85}b".utf8Bytes).text == "ab", "C1 controls go too")
        #expect(Self.text([]).text == "")
        #expect(Self.text([]).outcome == .ok)
    }

    @Test func binaryIsUnsupported() {
        var rng = ExtractRandom(seed: 7)
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        #expect(Self.text(random).outcome == .unsupported)
        let elfish = [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0, count: 60) + "some strings".utf8Bytes
        #expect(Self.text(elfish).outcome == .unsupported)
        // A few stray NULs in a long text do not make it binary.
        let mostlyText = String(repeating: "An ordinary line of text.\n", count: 200).utf8Bytes + [0] + "end".utf8Bytes
        #expect(Self.text(mostlyText).outcome == .ok)
    }

    @Test func textLimit() {
        var limits = ExtractionLimits()
        limits.maxTextBytes = 10
        let doc = PlainTextExtractor.extract("ééééééééééé".utf8Bytes, limits: limits)  // 22 bytes
        #expect(doc.outcome == .partial)
        #expect(doc.text == "ééééé")
        #expect(doc.reason == "Text truncated at the limit of 10 bytes.")
        limits.maxInputBytes = 5
        #expect(PlainTextExtractor.extract("too long".utf8Bytes, limits: limits).outcome == .failed)
        // A huge input is decoded only as far as the limit needs.
        var big = ExtractionLimits()
        big.maxTextBytes = 100
        let doc2 = PlainTextExtractor.extract([UInt8](repeating: 0x61, count: 5_000_000), limits: big)
        #expect(doc2.text.utf8.count == 100)
        #expect(doc2.outcome == .partial)
    }
}

@Suite struct ExtractCSVTests {
    @Test
    func omegaCSV() throws {
        let url = try #require(ExtractFiles.omegaFiles).appendingPathComponent("test-csv.csv")
        let doc = CSVExtractor.extract(try ExtractFiles.bytes(url), limits: ExtractionLimits())
        #expect(doc.text == "We\twere\ton\ta\tbreak\t!\n1\t2\t3\t4\t5\t6\n0.1\t0.2\t0.3\t0.01\t40.2\t$9,00")
    }

    @Test func rfc4180Quoting() {
        let csv = "name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\"\r\nplain,5\" screen\r\n\"a\"b,\r\n"
        let doc = CSVExtractor.extract(csv.utf8Bytes, limits: ExtractionLimits())
        #expect(doc.text == "name\tnote\nSmith, J\tsaid \"hi\" then left\nplain\t5\" screen\nab")
        #expect(doc.fields["rows"] == "4")
        #expect(doc.outcome == .ok)
    }

    @Test func delimiterDetection() {
        #expect(CSVExtractor.detectDelimiter("a;b;c\n1;2,5;3\n4;5;6\n".utf8Bytes) == UInt8(ascii: ";"))
        #expect(CSVExtractor.detectDelimiter("a\tb, c\td\n1\t2\t3\n".utf8Bytes) == 0x09)
        #expect(CSVExtractor.detectDelimiter("a,b\n\"x;y;z\",2\n".utf8Bytes) == UInt8(ascii: ","))
        #expect(CSVExtractor.detectDelimiter("just one column\nno delimiters\n".utf8Bytes) == UInt8(ascii: ","))
        let tsv = CSVExtractor.extract("h1\th2\nv, 1\tv; 2\n".utf8Bytes, limits: ExtractionLimits())
        #expect(tsv.text == "h1\th2\nv, 1\tv; 2")
        #expect(tsv.fields["delimiter"] == "tab")
    }

    @Test func encodingsAndDamage() {
        let latin = CSVExtractor.extract([0x70, 0x72, 0x69, 0x63, 0x65, 0x2C, 0xA3, 0x35, 0x0A], limits: ExtractionLimits())
        #expect(latin.text == "price\t£5")
        let bom = CSVExtractor.extract([0xEF, 0xBB, 0xBF] + "a,b\n".utf8Bytes, limits: ExtractionLimits())
        #expect(bom.text == "a\tb")
        let open = CSVExtractor.extract("a,\"never closed\nb,c\n".utf8Bytes, limits: ExtractionLimits())
        #expect(open.outcome == .partial)
        #expect(open.text == "a\tnever closed b,c")
    }
}
