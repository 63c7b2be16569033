import Foundation
@testable import SearchIndex

/// The Omega test files in Tests/Fixtures and the semantics of their expected-terms.json.
enum ExtractOfficeCorpus {
    static var directory: URL? { ExtractFiles.omegaFiles }

    static var available: Bool { directory != nil }

    struct Expectation: Decodable {
        var terms: [String]
    }

    struct Manifest: Decodable {
        var files: [String: Expectation]
    }

    static func expectedTerms() throws -> [String: [String]] {
        guard let directory else { return [:] }
        let data = try Data(contentsOf: directory.appendingPathComponent("expected-terms.json"))
        return try JSONDecoder().decode(Manifest.self, from: data).files.mapValues(\.terms)
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        guard let directory else { throw ZipTestTools.ProcessFailure(description: "no corpus") }
        return try ZipTestTools.bytes(directory.appendingPathComponent(relativePath))
    }

    /// Lowercased words: runs of letters and digits (CJK runs stay whole, as Omega indexed them).
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The terms of `expected` that the extraction does not account for. The semantics of
    /// expected-terms.json: `Z<stem>` needs a body word whose English Snowball stem is <stem>;
    /// `S`/`ZS` the same for the title (unstemmed with `S`), `A`/`ZA` for the author; a bare
    /// term is a literal body word. `T` (media type) and `ZF` (file name) are not
    /// extraction's business and are skipped, as are the email headers (`XTO`, `XMID:`).
    static func missingTerms(_ expected: [String], in document: ExtractedDocument) -> [String] {
        let body = words(document.text)
        let title = words(document.title ?? "")
        let author = words(document.fields["author"] ?? "")
        let stems = ExtractOfficeStemmer.stems(Set(body + title + author))
        func hasStem(_ stem: String, in candidates: [String]) -> Bool {
            candidates.contains { word in
                if let known = stems[word] { return known == stem }
                // Without the real stemmer: the stem is a prefix of the word, with Snowball's
                // final y -> i ("bakery" -> "bakeri").
                return word.hasPrefix(stem) || (stem.hasSuffix("i") && word.hasPrefix(stem.dropLast() + "y"))
            }
        }
        var missing: [String] = []
        for term in expected {
            let found: Bool
            if term.hasPrefix("ZF") || term.hasPrefix("T") || term.hasPrefix("X") {
                continue
            } else if term.hasPrefix("ZS") {
                found = hasStem(String(term.dropFirst(2)), in: title)
            } else if term.hasPrefix("ZA") {
                found = hasStem(String(term.dropFirst(2)), in: author)
            } else if term.hasPrefix("Z") {
                found = hasStem(String(term.dropFirst(1)), in: body)
            } else if term.hasPrefix("S") {
                found = title.contains(String(term.dropFirst(1)))
            } else if term.hasPrefix("A") {
                found = author.contains(String(term.dropFirst(1)))
            } else {
                found = body.contains(term.lowercased())
            }
            if !found { missing.append(term) }
        }
        return missing
    }
}

/// English Snowball stems from Xapian's Python bindings, where installed (Debian's
/// python3-xapian); an empty map otherwise, and the caller falls back to a prefix check.
enum ExtractOfficeStemmer {
    static func stems(_ words: Set<String>) -> [String: String] {
        guard !words.isEmpty else { return [:] }
        let script = """
        import json, sys, xapian
        stem = xapian.Stem("english")
        words = json.load(sys.stdin)
        print(json.dumps({w: stem(w.encode()).decode() for w in words}))
        """
        for python in ["/usr/bin/python3", "python3"] {
            guard let output = try? runWithInput(python, ["-c", script], input: JSONEncoder().encode(Array(words))),
                  let stems = try? JSONDecoder().decode([String: String].self, from: output)
            else { continue }
            return stems
        }
        return [:]
    }

    private static func runWithInput(_ program: String, _ arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ZipTestTools.ProcessFailure(description: "\(program) failed") }
        return output
    }
}
