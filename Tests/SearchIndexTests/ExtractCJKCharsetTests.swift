import Foundation
import Testing
@testable import SearchIndex

/// Multi-byte charsets decoded through glibc's iconv. The byte sequences were written by
/// CPython's own codecs (`"…".encode("gb2312")` and so on), not by iconv, so the test does
/// not check iconv against itself.
@Suite struct ExtractCJKCharsetTests {
    static let chinese = "警方在北京调查了这个案件"
    static let gb2312: [UInt8] = [0xBE, 0xAF, 0xB7, 0xBD, 0xD4, 0xDA, 0xB1, 0xB1, 0xBE, 0xA9, 0xB5, 0xF7, 0xB2, 0xE9,
                                  0xC1, 0xCB, 0xD5, 0xE2, 0xB8, 0xF6, 0xB0, 0xB8, 0xBC, 0xFE]
    static let traditional = "警方在台北調查了這個案件"
    static let big5: [UInt8] = [0xC4, 0xB5, 0xA4, 0xE8, 0xA6, 0x62, 0xA5, 0x78, 0xA5, 0x5F, 0xBD, 0xD5, 0xAC, 0x64,
                                0xA4, 0x46, 0xB3, 0x6F, 0xAD, 0xD3, 0xAE, 0xD7, 0xA5, 0xF3]
    static let japanese = "証拠品は東京の倉庫で押収された"
    static let shiftJIS: [UInt8] = [0x8F, 0xD8, 0x8B, 0x92, 0x95, 0x69, 0x82, 0xCD, 0x93, 0x8C, 0x8B, 0x9E, 0x82, 0xCC,
                                    0x91, 0x71, 0x8C, 0xC9, 0x82, 0xC5, 0x89, 0x9F, 0x8E, 0xFB, 0x82, 0xB3, 0x82, 0xEA,
                                    0x82, 0xBD]
    static let eucJP: [UInt8] = [0xBE, 0xDA, 0xB5, 0xF2, 0xC9, 0xCA, 0xA4, 0xCF, 0xC5, 0xEC, 0xB5, 0xFE, 0xA4, 0xCE,
                                 0xC1, 0xD2, 0xB8, 0xCB, 0xA4, 0xC7, 0xB2, 0xA1, 0xBC, 0xFD, 0xA4, 0xB5, 0xA4, 0xEC,
                                 0xA4, 0xBF]
    /// Seven-bit with escape sequences; 0x3C ('<') occurs inside a character.
    static let iso2022JP: [UInt8] = [0x1B, 0x24, 0x42, 0x3E, 0x5A, 0x35, 0x72, 0x49, 0x4A, 0x24, 0x4F, 0x45, 0x6C,
                                     0x35, 0x7E, 0x24, 0x4E, 0x41, 0x52, 0x38, 0x4B, 0x24, 0x47, 0x32, 0x21, 0x3C,
                                     0x7D, 0x24, 0x35, 0x24, 0x6C, 0x24, 0x3F, 0x1B, 0x28, 0x42]
    static let korean = "경찰은 서울에서 증거를 압수했다"
    static let eucKR: [UInt8] = [0xB0, 0xE6, 0xC2, 0xFB, 0xC0, 0xBA, 0x20, 0xBC, 0xAD, 0xBF, 0xEF, 0xBF, 0xA1, 0xBC,
                                 0xAD, 0x20, 0xC1, 0xF5, 0xB0, 0xC5, 0xB8, 0xA6, 0x20, 0xBE, 0xD0, 0xBC, 0xF6, 0xC7,
                                 0xDF, 0xB4, 0xD9]
    /// "Evidence seized" in EBCDIC (IBM037): a charset no table here has.
    static let ebcdic: [UInt8] = [0xC5, 0xA5, 0x89, 0x84, 0x85, 0x95, 0x83, 0x85, 0x40, 0xA2, 0x85, 0x89, 0xA9, 0x85, 0x84]

    func decoded(_ label: String, _ bytes: [UInt8]) throws -> String {
        let charset = try #require(Charset.named(label), "\(label) is not known")
        return charset.decodeString(bytes[...])
    }

    @Test func everyCJKCharsetDecodes() throws {
        #expect(try decoded("gb2312", Self.gb2312) == Self.chinese)
        #expect(try decoded("GBK", Self.gb2312) == Self.chinese)
        #expect(try decoded("GB18030", Self.gb2312) == Self.chinese)
        #expect(try decoded("big5", Self.big5) == Self.traditional)
        #expect(try decoded("Shift_JIS", Self.shiftJIS) == Self.japanese)
        #expect(try decoded("x-sjis", Self.shiftJIS) == Self.japanese)
        #expect(try decoded("EUC-JP", Self.eucJP) == Self.japanese)
        #expect(try decoded("ISO-2022-JP", Self.iso2022JP) == Self.japanese)
        #expect(try decoded("euc-kr", Self.eucKR) == Self.korean)
        #expect(try decoded("ks_c_5601-1987", Self.eucKR) == Self.korean)
        #expect(try decoded("IBM037", Self.ebcdic) == "Evidence seized")
        #expect(Charset.named("Shift_JIS")?.kind == .iconv)
    }

    /// Outlook and RTF name charsets by Windows code page: the CJK ones decode through iconv.
    @Test func windowsCodePagesOfCJKCharsets() throws {
        let cases: [(Int, [UInt8], String)] = [
            (932, Self.shiftJIS, Self.japanese), (936, Self.gb2312, Self.chinese), (54936, Self.gb2312, Self.chinese),
            (950, Self.big5, Self.traditional), (949, Self.eucKR, Self.korean), (51932, Self.eucJP, Self.japanese),
            (50220, Self.iso2022JP, Self.japanese),
        ]
        for (codePage, bytes, text) in cases {
            let charset = try #require(WindowsCodePage.charset(codePage), "code page \(codePage)")
            #expect(charset.decodeString(bytes[...]) == text, "code page \(codePage)")
        }
        // A code page with no label here is tried as cpNNN: EBCDIC 037 through iconv.
        #expect(WindowsCodePage.charset(37)?.decodeString(Self.ebcdic[...]) == "Evidence seized")
    }

    @Test func undefinedAndIncompleteSequencesBecomeReplacementCharacters() throws {
        // 0xFF is no Shift_JIS lead byte: one U+FFFD, and decoding goes on after it.
        var damaged = Self.shiftJIS
        damaged.insert(0xFF, at: 4)
        #expect(try decoded("shift_jis", damaged) == "証拠\u{FFFD}品は東京の倉庫で押収された")
        // A lead byte without its trail at the end: one U+FFFD.
        #expect(try decoded("gb2312", Array(Self.gb2312.dropLast())) == "警方在北京调查了这个案\u{FFFD}")
        #expect(try decoded("gb2312", []) == "")
    }

    @Test func labelsThatAreNoCharsetAreRefused() {
        #expect(Charset.named("x-unknown-cjk") == nil)
        #expect(Charset.named("../../tmp/evil") == nil)
        #expect(Charset.named("/usr/lib/x86_64-linux-gnu/gconv/IBM037") == nil)
        #expect(Charset.named(String(repeating: "a", count: 100)) == nil)
        // Table charsets stay table charsets.
        #expect(Charset.named("windows-1251")?.kind == .singleByte)
    }

    @Test func mailInCJKCharsets() throws {
        let subject = "=?shift_jis?B?" + Data(Self.shiftJIS).base64EncodedString() + "?="
        let mail = "From: a@example.com\nSubject: \(subject)\nMIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=gb2312\nContent-Transfer-Encoding: base64\n\n"
            + Data(Self.gb2312).base64EncodedString() + "\n"
        let doc = EmailExtractor.extract(Array(mail.utf8), limits: ExtractionLimits())
        #expect(doc.title == Self.japanese)
        #expect(doc.text.contains(Self.chinese))
        #expect(doc.outcome == .ok)
    }

    @Test func plainTextAndCSVWithADeclaredCharset() {
        let text = TextExtractors.extract(Self.eucKR, name: "note.txt", mediaType: "text/plain; charset=euc-kr",
                                          limits: ExtractionLimits())
        #expect(text.text == Self.korean)
        let csv = TextExtractors.extract(Array("name,place\n".utf8) + Self.big5 + Array(",x\n".utf8), name: "a.csv",
                                         mediaType: "text/csv; charset=big5", limits: ExtractionLimits())
        #expect(csv.text.contains(Self.traditional))
    }

    @Test func htmlInAStatefulCharsetIsTranscodedBeforeParsing() throws {
        // The '<' inside an ISO-2022-JP character must not open a tag.
        let prolog = Array("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><html><body><p>".utf8)
        let xhtml = HTMLExtractor.extract(prolog + Self.iso2022JP + Array("</p></body></html>".utf8),
                                          limits: ExtractionLimits())
        #expect(xhtml.text.contains(Self.japanese))
        let meta = Array("<html><head><meta charset=\"shift_jis\"><title>".utf8) + Self.shiftJIS
            + Array("</title></head><body>".utf8) + Self.shiftJIS + Array("</body></html>".utf8)
        let page = HTMLExtractor.extract(meta, limits: ExtractionLimits())
        #expect(page.title == Self.japanese)
        #expect(page.text.contains(Self.japanese))
        let labelled = HTMLExtractor.extract((Array("<p>".utf8) + Self.eucKR)[...],
                                             context: TextExtractionContext(limits: ExtractionLimits()), charsetLabel: "EUC-KR")
        #expect(labelled.text == Self.korean)
        #expect(labelled.outcome == .ok)
    }
}

/// The single-byte tables are built from iconv at first use: spot checks against the
/// published code charts, and Windows-1252's holes as browsers read them.
@Suite struct SingleByteCharsetTableTests {
    @Test func tablesMatchTheCodeCharts() throws {
        let cases: [(String, UInt8, String)] = [
            ("windows-1252", 0x80, "€"), ("windows-1252", 0x81, "\u{81}"), ("windows-1252", 0x9D, "\u{9D}"),
            ("windows-1251", 0xC0, "А"), ("koi8-r", 0xC1, "а"), ("iso-8859-7", 0xC1, "Α"), ("iso-8859-15", 0xA4, "€"),
            ("windows-1255", 0xE0, "א"), ("ibm437", 0xB3, "│"), ("macintosh", 0x8A, "ä"), ("windows-874", 0xA1, "ก"),
            ("iso-8859-8", 0xBF, "\u{FFFD}"),
        ]
        for (label, byte, expected) in cases {
            let charset = try #require(Charset.named(label), "\(label)")
            #expect(charset.kind == .singleByte)
            #expect(charset.decodeString([0x41, byte][...]) == "A" + expected, "\(label) \(byte)")
        }
    }
}

/// Text that declares no charset and is not UTF-8: a non-Latin script's legacy charset is
/// recognised (uchardet), Western text stays Windows-1252. Bytes from CPython's codecs.
@Suite struct CharsetDetectionTests {
    static let japanese = "証拠品は東京の倉庫で押収された。容疑者は逮捕された。"
    static let shiftJIS: [UInt8] = [
        0x8F, 0xD8, 0x8B, 0x92, 0x95, 0x69, 0x82, 0xCD, 0x93, 0x8C, 0x8B, 0x9E, 0x82, 0xCC, 0x91, 0x71, 0x8C, 0xC9, 0x82,
        0xC5, 0x89, 0x9F, 0x8E, 0xFB, 0x82, 0xB3, 0x82, 0xEA, 0x82, 0xBD, 0x81, 0x42, 0x97, 0x65, 0x8B, 0x5E, 0x8E, 0xD2,
        0x82, 0xCD, 0x91, 0xDF, 0x95, 0xDF, 0x82, 0xB3, 0x82, 0xEA, 0x82, 0xBD, 0x81, 0x42]
    static let chinese = "警方在北京调查了这个案件，嫌疑人已经被逮捕。"
    static let gb18030: [UInt8] = [
        0xBE, 0xAF, 0xB7, 0xBD, 0xD4, 0xDA, 0xB1, 0xB1, 0xBE, 0xA9, 0xB5, 0xF7, 0xB2, 0xE9, 0xC1, 0xCB, 0xD5, 0xE2, 0xB8,
        0xF6, 0xB0, 0xB8, 0xBC, 0xFE, 0xA3, 0xAC, 0xCF, 0xD3, 0xD2, 0xC9, 0xC8, 0xCB, 0xD2, 0xD1, 0xBE, 0xAD, 0xB1, 0xBB,
        0xB4, 0xFE, 0xB2, 0xB6, 0xA1, 0xA3]
    static let korean = "경찰은 서울에서 증거를 압수했다. 용의자는 체포되었다."
    static let eucKR: [UInt8] = [
        0xB0, 0xE6, 0xC2, 0xFB, 0xC0, 0xBA, 0x20, 0xBC, 0xAD, 0xBF, 0xEF, 0xBF, 0xA1, 0xBC, 0xAD, 0x20, 0xC1, 0xF5, 0xB0,
        0xC5, 0xB8, 0xA6, 0x20, 0xBE, 0xD0, 0xBC, 0xF6, 0xC7, 0xDF, 0xB4, 0xD9, 0x2E, 0x20, 0xBF, 0xEB, 0xC0, 0xC7, 0xC0,
        0xDA, 0xB4, 0xC2, 0x20, 0xC3, 0xBC, 0xC6, 0xF7, 0xB5, 0xC7, 0xBE, 0xFA, 0xB4, 0xD9, 0x2E]
    static let russian = "Полиция задержала подозреваемого в Москве вчера вечером."
    static let windows1251: [UInt8] = [
        0xCF, 0xEE, 0xEB, 0xE8, 0xF6, 0xE8, 0xFF, 0x20, 0xE7, 0xE0, 0xE4, 0xE5, 0xF0, 0xE6, 0xE0, 0xEB, 0xE0, 0x20, 0xEF,
        0xEE, 0xE4, 0xEE, 0xE7, 0xF0, 0xE5, 0xE2, 0xE0, 0xE5, 0xEC, 0xEE, 0xE3, 0xEE, 0x20, 0xE2, 0x20, 0xCC, 0xEE, 0xF1,
        0xEA, 0xE2, 0xE5, 0x20, 0xE2, 0xF7, 0xE5, 0xF0, 0xE0, 0x20, 0xE2, 0xE5, 0xF7, 0xE5, 0xF0, 0xEE, 0xEC, 0x2E]
    /// French in Latin-1, which uchardet on its own reads as ISO-8859-2.
    static let french = "Le café était fermé quand la police est arrivée à Besançon."
    static let latin1: [UInt8] = [
        0x4C, 0x65, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x20, 0xE9, 0x74, 0x61, 0x69, 0x74, 0x20, 0x66, 0x65, 0x72, 0x6D, 0xE9,
        0x20, 0x71, 0x75, 0x61, 0x6E, 0x64, 0x20, 0x6C, 0x61, 0x20, 0x70, 0x6F, 0x6C, 0x69, 0x63, 0x65, 0x20, 0x65, 0x73,
        0x74, 0x20, 0x61, 0x72, 0x72, 0x69, 0x76, 0xE9, 0x65, 0x20, 0xE0, 0x20, 0x42, 0x65, 0x73, 0x61, 0x6E, 0xE7, 0x6F,
        0x6E, 0x2E]

    func plain(_ bytes: [UInt8], name: String = "note.txt") -> String {
        TextExtractors.extract(bytes, name: name, mediaType: nil, limits: ExtractionLimits()).text
    }

    @Test func undeclaredNonLatinTextIsRecognised() {
        #expect(plain(Self.shiftJIS) == Self.japanese)
        #expect(plain(Self.gb18030) == Self.chinese)
        #expect(plain(Self.eucKR) == Self.korean)
        #expect(plain(Self.windows1251) == Self.russian)
        let csv = plain(Array("id,text\n1,".utf8) + Self.eucKR + Array("\n".utf8), name: "rows.csv")
        #expect(csv.contains(Self.korean))
        let html = HTMLExtractor.extract(Array("<html><body><p>".utf8) + Self.gb18030 + Array("</p></body></html>".utf8),
                                         limits: ExtractionLimits())
        #expect(html.text == Self.chinese)
        let mail = EmailExtractor.extract(Array("Subject: s\nContent-Type: text/plain\n\n".utf8) + Self.shiftJIS,
                                          limits: ExtractionLimits())
        #expect(mail.text == Self.japanese)
    }

    @Test func westernTextAndDeclaredCharsetsAreLeftAlone() {
        #expect(plain(Self.latin1) == Self.french)
        // A few accented letters in English: never a guess.
        #expect(plain(Array("The suspect paid ".utf8) + [0xA3] + Array("200 at the caf".utf8) + [0xE9, 0x2E]) == "The suspect paid £200 at the café.")
        // A declared charset wins over what the bytes look like.
        let declared = TextExtractors.extract(Self.windows1251, name: "a.txt", mediaType: "text/plain; charset=koi8-r",
                                              limits: ExtractionLimits())
        #expect(declared.text != Self.russian)
        // UTF-8 is never second-guessed.
        #expect(plain(Array(Self.japanese.utf8)) == Self.japanese)
        #expect(CharsetDetection.detect(Array(Self.japanese.utf8)[...]) == nil)
    }
}
