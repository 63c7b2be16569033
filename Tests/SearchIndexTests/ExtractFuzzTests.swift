import Foundation
import Testing
@testable import SearchIndex

/// Random and mutated inputs for every parser: none may crash, hang, or produce more than the
/// limits allow. Seeded, so a failure names an iteration that reproduces.
@Suite(.timeLimit(.minutes(5))) struct ExtractFuzzTests {
    /// EXTRACT_FUZZ_ITERATIONS and EXTRACT_FUZZ_SEED run a longer or different campaign.
    static let iterations = ProcessInfo.processInfo.environment["EXTRACT_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 1500
    static let seedOffset = ProcessInfo.processInfo.environment["EXTRACT_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0

    /// Markup, encodings and structure that the mutator splices in to reach the parsers' edges.
    static let tokens: [[UInt8]] = [
        "<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "&", "&#", "&#x", "&amp", ";", "\"", "'", "=",
        "=?", "?=", "=?utf-8?q?", "=?utf-8?b?", "=?x-bad?q?", "--", "\r\n", "\n\n", "\n", "\r", "From ", ">From ",
        "Content-Type: multipart/mixed; boundary=b\n", "Content-Type: multipart/alternative; boundary=b\n",
        "--b\n", "--b--\n", "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n",
        "Content-Type: message/rfc822\n\n", "Content-Disposition: attachment; filename*0*=utf-8''%E2%82; filename*1=x\n",
        "=\n", "=C3=A9", ",", ";", "\t", "<script>", "</script>", "<template>", "<title>", "</title>", "<pre>",
        "<meta charset=utf-16>", "<meta http-equiv=content-type content='text/html; charset=koi8-r'>",
        "<input type=checkbox checked>", "Date: Mon, 1 Jun 09 10:00:00 EST\n",
    ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0x00], [0xC3], [0xE2, 0x82], [0x80], [0xF4, 0x90]]

    static let builtInSamples: [String] = [
        "<!DOCTYPE html><html><head><title>T</title><meta name=keywords content='a, b'></head><body><p>Hello &amp; <b>world</b></p><script>x<y</script></body></html>",
        "name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen\"\r\n1;2;3\n",
        "From: =?utf-8?q?A_B?= <a@b>\nSubject: =?iso-8859-1?B?SGVsbG8=?=\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 =\nbar\n--b\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n--b\nContent-Type: image/png; name=x.png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--\n",
        "From a Mon Jun 01 10:00:00 2009\nSubject: one\n\n>From x\n\nFrom b Mon Jun 01 11:00:00 2009\nSubject: two\n\nbody\n",
        "Plain text, with a £ sign and “quotes”.\r\nSecond line\n",
    ]

    static func samples() -> [[UInt8]] {
        var out = builtInSamples.map { Array($0.utf8) }
        var urls: [URL] = []
        if let omega = ExtractFiles.omegaFiles {
            urls += ["test-html.html", "test-csv.csv", "email/html.eml", "email/text.eml", "plaintext/utf16le-bom.txt",
                     "plaintext/iso88591.txt"].map { omega.appendingPathComponent($0) }
        }
        if let tika = ExtractFiles.tikaMbox {
            urls += ["complex.mbox", "quoted.mbox", "testMBOX_complex.mbox"].map { tika.appendingPathComponent($0) }
        }
        if let demo = ExtractFiles.demo {
            urls.append(demo.appendingPathComponent("email/2026-03-16_0814_Helen-Marsh_to_DC-Brennan_stolen-property-list.eml"))
        }
        if let python = ExtractFiles.cpythonEmail {
            urls += ["msg_07.txt", "msg_15.txt", "msg_16.txt", "msg_39.txt"].map { python.appendingPathComponent($0) }
        }
        for url in urls {
            if let bytes = try? ExtractFiles.bytes(url) { out.append(Array(bytes.prefix(16 << 10))) }
        }
        return out
    }

    /// A random input: pure noise, or a sample with a few mutations.
    static func input(_ rng: inout ExtractRandom, samples: [[UInt8]]) -> [UInt8] {
        if Int.random(in: 0..<8, using: &rng) == 0 {
            return (0..<Int.random(in: 0...2048, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        var b = samples[Int.random(in: 0..<samples.count, using: &rng)]
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let at = b.isEmpty ? 0 : Int.random(in: 0...b.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !b.isEmpty:
                b[min(at, b.count - 1)] = UInt8.random(in: 0...255, using: &rng)
            case 1:
                b.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &rng)], at: at)
            case 2 where !b.isEmpty:
                let end = min(b.count, at + Int.random(in: 1...64, using: &rng))
                b.removeSubrange(min(at, end)..<end)
            case 3:
                let other = samples[Int.random(in: 0..<samples.count, using: &rng)]
                let from = Int.random(in: 0...other.count, using: &rng)
                b.insert(contentsOf: other[from..<min(other.count, from + 256)], at: at)
            case 4 where !b.isEmpty:
                let end = min(b.count, at + Int.random(in: 1...32, using: &rng))
                let chunk = b[min(at, end)..<end]
                for _ in 0..<Int.random(in: 1...20, using: &rng) { b.insert(contentsOf: chunk, at: min(at, b.count)) }
            default:
                b = Array(b.prefix(at))
            }
        }
        return Array(b.prefix(64 << 10))
    }

    /// The bounds every result must keep, through its whole tree of children.
    static func checkBounded(_ doc: ExtractedDocument, _ limits: ExtractionLimits, _ label: String, depth: Int = 0) -> Int {
        #expect(doc.text.utf8.count <= limits.maxTextBytes, "\(label): text")
        #expect((doc.title?.utf8.count ?? 0) <= 64 << 10, "\(label): title")
        #expect(doc.fields.values.allSatisfy { $0.utf8.count <= max(limits.maxTextBytes, EmailExtractor.maxFieldBytes) }, "\(label): fields")
        #expect(depth <= limits.maxDepth + 1, "\(label): depth")
        if doc.outcome == .partial || doc.outcome == .failed { #expect(doc.reason != nil, "\(label): reason") }
        #expect(!doc.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "\(label): controls")
        var count = doc.children.count
        for child in doc.children {
            if let d = child.document { count += checkBounded(d, limits, label, depth: depth + 1) }
        }
        return count
    }

    static func fuzz(_ name: String, seed: UInt64, _ extract: ([UInt8], ExtractionLimits) -> ExtractedDocument) {
        var rng = ExtractRandom(seed: seed &+ seedOffset &* 1000)
        let samples = samples()
        let limits = ExtractionLimits.tight
        for k in 0..<iterations {
            let bytes = input(&rng, samples: samples)
            let doc = extract(bytes, limits)
            let children = checkBounded(doc, limits, "\(name) iteration \(k) (seed \(seed))")
            #expect(children <= limits.maxChildren, "\(name) iteration \(k): children")
        }
    }

    @Test func plainText() { Self.fuzz("plain", seed: 1) { PlainTextExtractor.extract($0, limits: $1) } }
    @Test func html() { Self.fuzz("html", seed: 2) { HTMLExtractor.extract($0, limits: $1) } }
    @Test func htmlOmegaPolicies() { Self.fuzz("html-omega", seed: 3) { HTMLExtractor.extract($0, limits: $1, options: .omegaCompatible) } }
    @Test func csv() { Self.fuzz("csv", seed: 4) { CSVExtractor.extract($0, limits: $1) } }
    @Test func email() { Self.fuzz("email", seed: 5) { EmailExtractor.extract($0, limits: $1) } }
    @Test func mbox() { Self.fuzz("mbox", seed: 6) { MboxExtractor.extract($0, limits: $1) } }
    @Test func dispatcher() { Self.fuzz("dispatch", seed: 7) { TextExtractors.extract($0, name: nil, mediaType: nil, limits: $1) } }

    /// Header values, dates and charsets on their own, where whole messages rarely reach.
    @Test func fieldParsers() {
        var rng = ExtractRandom(seed: 8 &+ Self.seedOffset &* 1000)
        let samples = Self.samples()
        for _ in 0..<Self.iterations {
            let bytes = Self.input(&rng, samples: samples).prefix(512)
            _ = MIMEEncodedWords.decode(Array(bytes))
            _ = MIMEParameterizedValue(Array(bytes))
            _ = MIMEDate.milliseconds(String(decoding: bytes, as: UTF8.self))
            _ = HTMLEntities.decode(Array(bytes))
            _ = MIMETransferEncoding.decodeQuotedPrintable(bytes, maxOutput: 100)
            _ = MIMETransferEncoding.decodeBase64(bytes, maxOutput: 100)
            for charset in [Charset.utf8, .utf16LE, .utf16BE, .utf16, .windows1252] + ["koi8-r", "iso-8859-7"].compactMap({ Charset.named($0) }) {
                let out = charset.decode(bytes)
                #expect(UTF8Lenient.isValid(out[...]))
            }
        }
    }
}
