import Foundation
import Testing
@testable import SearchIndex

/// The real files in Tests/Fixtures/corpora/extraction: Omega's test files with the terms omindex
/// must find, and Apache Tika's mbox files with their expected messages.
@Suite struct ExtractCorpusTests {
    /// The formats this folder extracts (PDF and Office files are another extractor's).
    static let ourFiles = [
        "plaintext/iso88591.txt", "plaintext/utf16be-bom.txt", "plaintext/utf16le-bom.txt", "plaintext/utf8.txt",
        "plaintext/utf8-bom.txt", "test-csv.csv", "test-html.html", "email/html.eml", "email/text.eml",
    ]

    /// Every expected term of our formats is found where Omega puts it. Term prefixes
    /// (expected-terms.json's `_about`): Z = stem of a body word, S/ZS = title, A/ZA = author
    /// (From: for email), XTO = To:, XMID: = Message-ID; no prefix = an unstemmed word of the
    /// text or of a field (Omega also indexes Comments: and Keywords:). T (media type) and ZF
    /// (file name words) come from the item's metadata, not from extraction.
    @Test
    func omegaExpectedTerms() throws {
        let dir = try #require(ExtractFiles.omegaFiles)
        let root = try #require(try ExtractFiles.json(dir.appendingPathComponent("expected-terms.json")) as? [String: Any])
        let files = try #require(root["files"] as? [String: [String: Any]])
        for path in Self.ourFiles {
            let entry = try #require(files[path], "\(path) is in expected-terms.json")
            let terms = try #require(entry["terms"] as? [String])
            let url = dir.appendingPathComponent(path)
            let doc = TextExtractors.extract(try ExtractFiles.bytes(url), name: url.lastPathComponent, mediaType: nil,
                                             limits: ExtractionLimits())
            #expect(doc.outcome == .ok, "\(path): \(doc.reason ?? "")")
            let title = doc.title ?? ""
            let author = [doc.fields["author"], doc.fields["from"]].compactMap { $0 }.joined(separator: " ")
            let everything = ([doc.text, title] + doc.fields.values).joined(separator: "\n")
            for term in terms {
                let found: Bool
                if term.hasPrefix("XMID:") {
                    found = doc.fields["message-id"] == String(term.dropFirst(5))
                } else if term.hasPrefix("XTO") {
                    found = ExtractWords.contains(String(term.dropFirst(3)), in: doc.fields["to"] ?? "")
                } else if term.hasPrefix("ZS") {
                    found = ExtractWords.containsStem(String(term.dropFirst(2)), in: title)
                } else if term.hasPrefix("ZA") {
                    found = ExtractWords.containsStem(String(term.dropFirst(2)), in: author)
                } else if term.hasPrefix("ZF") || term.hasPrefix("T") {
                    continue  // metadata: the file name and media type, indexed by the store
                } else if term.hasPrefix("Z") {
                    found = ExtractWords.containsStem(String(term.dropFirst()), in: doc.text)
                } else if term.hasPrefix("S") {
                    found = ExtractWords.contains(String(term.dropFirst()), in: title)
                } else if term.hasPrefix("A") {
                    found = ExtractWords.contains(String(term.dropFirst()), in: author)
                } else {
                    found = ExtractWords.contains(term, in: everything)
                }
                #expect(found, "\(path): term \(term) not found")
            }
            if let values = entry["values"] as? [String: Any], let created = values["created_unix"] as? Int {
                #expect(doc.dateMilliseconds == Int64(created) * 1000, "\(path): date")
            }
        }
    }

    /// The formats in the Omega folder that are not ours are left to the other extractors.
    @Test
    func otherFormatsAreUnsupported() throws {
        let dir = try #require(ExtractFiles.omegaFiles)
        for path in ["pdf/poppler.pdf", "opendoc/test.odt", "msxml/Doc.docx", "msxml/Book.xlsx"] {
            let url = dir.appendingPathComponent(path)
            let bytes = try ExtractFiles.bytes(url)
            #expect(TextExtractors.extract(bytes, name: url.lastPathComponent, mediaType: nil, limits: ExtractionLimits()).outcome == .unsupported)
            #expect(TextExtractors.extract(bytes, name: nil, mediaType: "application/octet-stream", limits: ExtractionLimits()).outcome == .unsupported)
        }
    }

    /// Tika's MboxParserTest expectations: message counts, subjects, senders, dates, content.
    @Test
    func tikaMboxes() throws {
        let dir = try #require(ExtractFiles.tikaMbox)
        let expected = try #require(try ExtractFiles.json(dir.appendingPathComponent("expected.json")) as? [String: Any])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".mbox") }.sorted()
        #expect(names.count == 9)
        for name in names {
            let doc = TextExtractors.extract(try ExtractFiles.bytes(dir.appendingPathComponent(name)), name: name,
                                             mediaType: nil, limits: ExtractionLimits())
            #expect(doc.outcome == .ok, "\(name)")
            for (k, child) in doc.children.enumerated() {
                #expect(child.mediaType == "message/rfc822")
                #expect(child.name.hasPrefix("message \(k + 1)"))
                #expect(child.document != nil)
            }
            guard let e = expected[name] as? [String: Any] else {
                #expect(doc.children.count >= 1, "\(name) has no expectations but must split")
                continue
            }
            #expect(doc.children.count == e["messages"] as? Int, "\(name): message count")
            // Tika reads every alternative; here the HTML one's differing words are a field.
            let texts = doc.children.compactMap { $0.document }.map { $0.text + "\n" + ($0.fields["alternative-text"] ?? "") }
            for needle in e["contains"] as? [String] ?? [] {
                #expect(texts.contains { $0.contains(needle) }, "\(name): \(needle)")
            }
            let first = doc.children.first?.document
            if let subject = (e["subject"] ?? e["subject_msg1"]) as? String {
                #expect(first?.title == subject, "\(name): subject")
                #expect(doc.children.first?.name == "message 1 - \(subject)")
                #expect(doc.text.hasPrefix(subject))
            }
            if let from = (e["from"] ?? e["from_msg1"]) as? String {
                #expect(first?.fields["from"]?.contains(from) == true, "\(name): from")
            }
            if let to = e["to_msg1"] as? String { #expect(first?.fields["to"]?.contains(to) == true) }
            if let envelopes = e["envelope_from"] as? [String] {
                #expect(doc.children.map { $0.document?.fields["envelope-from"] } == envelopes)
            }
            if let created = e["created"] as? String {
                let date = ISO8601DateFormatter().date(from: created)
                #expect(first?.dateMilliseconds == date.map { Int64($0.timeIntervalSince1970 * 1000) })
            }
        }
    }

    /// multiline.mbox: a folded Received: field is unfolded; quoted.mbox keeps its quote.
    @Test
    func tikaMboxDetails() throws {
        let dir = try #require(ExtractFiles.tikaMbox)
        let multiline = MboxExtractor.extract(try ExtractFiles.bytes(dir.appendingPathComponent("multiline.mbox")), limits: ExtractionLimits())
        let message = try #require(multiline.children.first)
        let headers = MIMEHeaders.parse(message.bytes[...], message: true).headers
        let received = try #require(headers.first("received"))
        #expect(TextNormalisation.collapseWhitespace(String(decoding: received, as: UTF8.self)) == "from xxx by xxx with xxx; date")
        // The child's bytes are the message without its envelope line.
        #expect(message.bytes.starts(with: Array("Received:".utf8)))
    }
}
