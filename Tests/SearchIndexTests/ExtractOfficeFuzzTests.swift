import Foundation
import Testing
@testable import SearchIndex

/// Mutated office documents and XML: no crash, outcomes that say what happened, text within
/// the limit.
@Suite struct ExtractOfficeFuzzTests {
    static func check(_ document: ExtractedDocument, limits: ExtractionLimits) {
        #expect(document.text.utf8.count <= limits.maxTextBytes)
        if document.outcome == .failed || document.outcome == .partial {
            #expect(document.reason?.isEmpty == false)
        }
    }

    /// Byte-level mutations of whole packages (mostly caught by the ZIP layer's CRCs).
    @Test func mutatedPackages() {
        var random = ZipTestRandom(seed: 0x0FF1CE)
        var limits = ExtractionLimits()
        limits.maxTextBytes = 64 << 10
        let samples = ZipFuzzTests.samples()
        for _ in 0..<1500 {
            let sample = samples[Int.random(in: 0..<samples.count, using: &random)]
            Self.check(OfficeExtractor.extract(random.mutate(sample), name: nil, mediaType: nil, limits: limits), limits: limits)
        }
    }

    /// Mutations of the XML parts themselves, repackaged with valid CRCs, so that the XML
    /// parser and the format handlers see the damage.
    @Test func mutatedXMLParts() throws {
        var random = ZipTestRandom(seed: 0xD0C5)
        var limits = ExtractionLimits()
        limits.maxTextBytes = 64 << 10
        var packages: [[(name: String, data: [UInt8])]] = []
        for sample in ZipFuzzTests.samples() {
            var archive = try ZipArchive(sample)
            packages.append(try archive.entries.map { ($0.name, try archive.read($0)) })
        }
        var outcomes: [ExtractedDocument.Outcome: Int] = [:]
        for _ in 0..<2000 {
            var parts = packages[Int.random(in: 0..<packages.count, using: &random)]
            let xmlIndices = parts.indices.filter { parts[$0].name.hasSuffix(".xml") || parts[$0].name.hasSuffix(".rels") }
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let index = xmlIndices[Int.random(in: 0..<xmlIndices.count, using: &random)]
                parts[index].data = Self.mutateXML(parts[index].data, using: &random)
            }
            let document = OfficeExtractor.extract(ZipTestTools.storedZip(parts), name: nil, mediaType: nil, limits: limits)
            Self.check(document, limits: limits)
            outcomes[document.outcome, default: 0] += 1
        }
        // Damage to one part usually leaves the rest readable.
        #expect((outcomes[.ok] ?? 0) + (outcomes[.partial] ?? 0) > 1000)
    }

    /// XML-aware damage: markup characters planted, tags duplicated or cut, entities and
    /// DOCTYPEs inserted, besides the plain byte mutations.
    static func mutateXML(_ bytes: [UInt8], using random: inout ZipTestRandom) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var output = bytes
        let position = Int.random(in: 0..<output.count, using: &random)
        let snippets = ["<", ">", "&", "&amp", "&#x110000;", "&#99999999999;", "]]>", "<![CDATA[", "<!--", "<!DOCTYPE x [",
                        "<?", "\"", "'", "xmlns:w=\"\"", "</w:p>", "<w:p>", "<a:t>", "</x>", "\u{0}", "\u{FEFF}", "<x:y:z>"]
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            output.insert(contentsOf: Array(snippets[Int.random(in: 0..<snippets.count, using: &random)].utf8), at: position)
        case 1:
            let length = min(output.count - position, Int.random(in: 1...400, using: &random))
            let slice = Array(output[position..<(position + length)])
            for _ in 0..<Int.random(in: 1...20, using: &random) { output.insert(contentsOf: slice, at: position) }
        default:
            output = random.mutate(output)
        }
        return output
    }

    struct CountingHandler: XMLEventHandler {
        var depth = 0
        var maxDepth = 0
        var textBytes = 0
        var wantsText: Bool { true }
        var shouldStop: Bool { false }
        mutating func startElement(_ name: XMLName, attributes: [XMLAttribute]) { depth += 1; maxDepth = max(maxDepth, depth) }
        mutating func endElement(_ name: XMLName) { depth -= 1 }
        mutating func text(_ text: String) { textBytes += text.utf8.count }
    }

    @Test func xmlParserOnRandomAndMutatedInput() {
        var random = ZipTestRandom(seed: 0x3A1)
        let seed = Array(#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r xmlns="u" xmlns:p="v" a='1'><p:c b="&lt;&#x41;">t&amp;&e;<![CDATA[<raw>]]><!-- c --><d/></p:c></r>"#.utf8)
        for iteration in 0..<4000 {
            let input = iteration % 4 == 0
                ? random.bytes(count: Int.random(in: 0...300, using: &random))
                : Self.mutateXML(seed, using: &random)
            var handler = CountingHandler()
            _ = try? XMLEventParser.parse(input, maxDepth: 8, handler: &handler)
            #expect(handler.maxDepth <= 8)
            // No expansion: at worst an invalid byte becomes U+FFFD (3 bytes); a character
            // reference is never longer than its source, and no entity is ever expanded.
            #expect(handler.textBytes <= 3 * input.count)
        }
    }
}
