import Foundation
import Testing

/// The library's messages name no CLI flag as literal text: a flag reaches a sentence only
/// through an `EvidenceError.Field` (`\(option: .reason)`, `\(name: .kind)`), so every
/// front end other than the CLI gets the plain rendering. Read from the sources themselves.
@Suite("Errors: no CLI flag in library messages")
struct LibraryMessageFlagTests {
    /// Library files whose literals may name flags: what they hold is printed by the CLI (or
    /// handed to a person running it), not an error a service passes on.
    static let cliFacingFiles: [String: String] = [
        "EvidenceStore/Policy/DefaultPolicy.swift": "the policy file written at init, whose comments explain the CLI",
        "EvidenceStore/Custody/CustodyReportHTML.swift": "the custody report tells its reader which commands print the key",
        "EvidenceSearch/CaseIndexer+Check.swift": "verify's findings, which end in the command that repairs them",
        "EvidenceStore/Support/EvidenceError+Fields.swift": "the fields' CLI spellings: the one place a message's flag is written",
    ]

    /// "--" and a letter at the start of a word: a flag ("--reason", "a --force"), not "x--y".
    static func namesFlag(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for index in scalars.indices.dropLast(2) where scalars[index] == "-" && scalars[index + 1] == "-" {
            let before = index > 0 ? scalars[index - 1] : " "
            let startsWord = !(CharacterSet.alphanumerics.contains(before) || before == "-")
            if startsWord && CharacterSet.letters.contains(scalars[index + 2]) { return true }
        }
        return false
    }

    static func librarySources() throws -> [(name: String, text: String)] {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        var files: [(String, String)] = []
        for module in ["EvidenceStore", "EvidenceSearch"] {
            let root = sources.appendingPathComponent(module)
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                let relative = module + url.path.dropFirst(root.path.count)
                files.append((relative, try String(contentsOf: url, encoding: .utf8)))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test("the scanner catches a flag in one-line, multi-line, raw and nested literals, and only in EvidenceError calls")
    func scannerCatchesFlags() {
        let source = ##"""
        // throw EvidenceError(.usage, "--in-a-comment")
        let ok = "--not-a-message"
        throw EvidenceError(.usage, "Give --reason TEXT.")
        throw EvidenceError(.usage, field: .kind, "\(name: .kind) must be one of \(kinds.joined(separator: ", ")).")
        throw EvidenceError(.busy, "try again or \(cli: "pass --wait SECONDS", plain: "wait longer").")
        throw EvidenceError(
            .usage,
            """
            Line one,
            then --force.
            """)
        throw EvidenceError(.usage, #"raw \#(x) --kdf-cost"#)
        throw EvidenceError(.usage, "--kind first, \("nested (\(")") --clearance") and a-- b")
        """##
        let flagged = SwiftStringLiteralScanner.scan(source).filter { $0.inErrorCall && Self.namesFlag($0.text) }
        #expect(flagged.map(\.line) == [3, 5, 8, 12, 13, 13], "\(flagged)")
        #expect(SwiftStringLiteralScanner.scan(source).contains { !$0.inErrorCall && $0.text == "--not-a-message" })
        #expect(!Self.namesFlag("x--y") && !Self.namesFlag("-- ") && !Self.namesFlag("---") && Self.namesFlag("(--to)"))
    }

    @Test("no string literal in an EvidenceError(...) call of EvidenceStore or EvidenceSearch names a CLI flag")
    func errorCallsNameNoFlag() throws {
        let files = try Self.librarySources()
        #expect(files.count > 100, "found only \(files.count) library files; is #filePath where it was?")
        var offenders: [String] = []
        var calls = 0
        for (name, text) in files {
            let pieces = SwiftStringLiteralScanner.scan(text).filter(\.inErrorCall)
            calls += pieces.count
            offenders += pieces.filter { Self.namesFlag($0.text) }.map { "\(name):\($0.line): \($0.text)" }
        }
        #expect(calls > 200, "found only \(calls) literal pieces in EvidenceError calls")
        #expect(offenders.isEmpty, "messages naming a flag outside EvidenceError.Field:\n\(offenders.joined(separator: "\n"))")
    }

    @Test("outside the CLI-facing files, no library string literal names a CLI flag at all (helpers build messages too)")
    func literalsNameNoFlag() throws {
        var offenders: [String] = []
        for (name, text) in try Self.librarySources() where Self.cliFacingFiles[name] == nil {
            offenders += SwiftStringLiteralScanner.scan(text).filter { Self.namesFlag($0.text) }
                .map { "\(name):\($0.line): \($0.text)" }
        }
        #expect(offenders.isEmpty, "literals naming a flag outside EvidenceError.Field:\n\(offenders.joined(separator: "\n"))")
    }
}
