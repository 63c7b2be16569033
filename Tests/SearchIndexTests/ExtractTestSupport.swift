import Foundation
import Testing
@testable import SearchIndex

/// Locates the test material: `Tests/Fixtures` (copied from the workplace's shared data; its
/// README names origins and licences), the repository's own `demo/`, and CPython's MIME test
/// messages (from the libpython3.11-testsuite package).
enum ExtractFiles {
    static let root: URL? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static func existing(_ url: URL?) -> URL? {
        guard let url, FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    static let fixtures = existing(root?.appendingPathComponent("Tests/Fixtures/corpora/extraction"))
    static let omegaFiles = existing(fixtures?.appendingPathComponent("xapian-omega-testfiles"))
    static let htmlCases = existing(fixtures?.appendingPathComponent("xapian-omega-htmlparser-cases.json"))
    static let tikaMbox = existing(fixtures?.appendingPathComponent("apache-tika-mbox"))
    /// Files made here for the extraction of charts, SmartArt, text boxes, slide masters,
    /// ODF headers, PDF annotations, text attachments and password protection (its README says how).
    static let gaps = existing(fixtures?.appendingPathComponent("gaps"))
    /// Outlook .msg files: see its README.
    static let outlook = existing(fixtures?.appendingPathComponent("outlook"))
    /// Word, Excel and PowerPoint 97-2003 files and RTF made here with LibreOffice: see its README.
    static let legacyOffice = existing(fixtures?.appendingPathComponent("legacy-office"))
    static let demo = existing(root?.appendingPathComponent("demo/burglary"))
    static let cpythonEmail = existing(URL(fileURLWithPath: "/usr/lib/python3.11/test/test_email/data"))

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    static func json(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }
}

/// Words as an indexer would see them: letters and digits (with apostrophes inside words),
/// lower-cased; a run of CJK ideographs stays one word, as in Xapian's term for it.
enum ExtractWords {
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text.lowercased())
        for (k, ch) in chars.enumerated() {
            let apostropheInside = (ch == "'" || ch == "\u{2019}") && !current.isEmpty
                && k + 1 < chars.count && (chars[k + 1].isLetter || chars[k + 1].isNumber)
            if ch.isLetter || ch.isNumber || apostropheInside {
                current.append(ch == "\u{2019}" ? "'" : ch)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Whether some word's English stem could be `stem`: the word itself, or the stem plus a
    /// common inflectional suffix (Snowball turns "ooms" into "oom", "bakery" into "bakeri",
    /// "structure" into "structur"). An approximation of the stemmer, enough for the terms in
    /// expected-terms.json, without linking one into the tests.
    static func containsStem(_ stem: String, in text: String) -> Bool {
        let suffixes = ["", "s", "es", "e", "ed", "ing", "er", "ly", "y", "ies"]
        return words(text).contains { word in
            if suffixes.contains(where: { stem + $0 == word }) { return true }
            if stem.hasSuffix("i") && (word == stem.dropLast() + "y" || word == stem.dropLast() + "ies") { return true }
            return false
        }
    }

    static func contains(_ word: String, in text: String) -> Bool {
        words(text).contains(word.lowercased())
    }
}

/// A deterministic random generator (SplitMix64), so that a failing fuzz case reproduces.
struct ExtractRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ExtractionLimits {
    /// Small limits, so that fuzzing reaches them.
    static var tight: ExtractionLimits {
        var l = ExtractionLimits()
        l.maxInputBytes = 1 << 20
        l.maxTextBytes = 4096
        l.maxExpandedBytes = 64 << 10
        l.maxDepth = 5
        l.maxChildren = 12
        return l
    }
}

extension String {
    var utf8Bytes: [UInt8] { Array(utf8) }
}

/// Whitespace-normalised text, as the Omega HTML cases compare it.
func extractNormalised(_ s: String) -> String {
    s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}
