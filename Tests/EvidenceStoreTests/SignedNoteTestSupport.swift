import Foundation
import Testing
@testable import EvidenceStore

/// Locates `Tests/Fixtures` (copied from the workplace's shared data; see its README) from this
/// file's path, so the tests work from any working directory.
enum NoteSharedFiles {
    static let directory: URL? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                let fixtures = dir.appendingPathComponent("Tests/Fixtures")
                return FileManager.default.fileExists(atPath: fixtures.path) ? fixtures : nil
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static var available: Bool { directory != nil }

    static func load<T: Decodable>(_ relativePath: String, as type: T.Type) throws -> T {
        let base = try #require(directory, "Tests/Fixtures is absent")
        let data = try Data(contentsOf: base.appendingPathComponent(relativePath))
        return try JSONDecoder().decode(T.self, from: data)
    }
}

/// The parts of signed-note-vectors.json the tests use.
struct SignedNoteVectorFile: Decodable {
    struct Key: Decodable {
        let vkey: String
        let skey: String?
        let seed_hex: String?
    }
    struct Expectation: Decodable {
        let verified: [String]
        let unverified: [String]?
        let checkpoint: CheckpointValues?
    }
    struct CheckpointValues: Decodable {
        let origin: String
        let size: UInt64
        let root_hash_b64: String
    }
    struct Entry: Decodable {
        let id: String
        let text: String?
        let note: String?
        let note_hex: String?
        let signer_skey: String?
        let expected_note: String?
        let verifiers: [String]?
        let expect: Expectation?
        let expect_error: String?

        /// The note's bytes, from `note` or `note_hex` (used where it holds control bytes).
        func noteBytes() throws -> [UInt8] {
            if let note { return Array(note.utf8) }
            let hex = try #require(note_hex, "\(id) has no note")
            return try #require(NoteTestHex.decode(hex), "\(id): bad hex")
        }
    }
    struct BadVerifierKey: Decodable {
        let vkey: String
        let why: String
    }
    struct KeyLookup: Decodable {
        let verifiers: [String]
        let lookup: [String]
        let expect_error: String
    }
    let keys: [String: Key]
    let valid: [Entry]
    let invalid: [Entry]
    let bad_vkeys: [BadVerifierKey]
    let key_lookup: [KeyLookup]

    static func load() throws -> SignedNoteVectorFile {
        try NoteSharedFiles.load("vectors/signed-note/signed-note-vectors.json", as: SignedNoteVectorFile.self)
    }

    /// The verifier keys named by an entry, in order (repeats kept: some vectors test them).
    func verifierKeys(_ names: [String]) throws -> [NoteVerifierKey] {
        try names.map { name in try NoteVerifierKey(parsing: try #require(keys[name], "no key \(name)").vkey) }
    }
}

enum NoteTestHex {
    static func decode(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}

/// Whether `error` is what a vector's `expect_error` string means. Our messages carry a
/// detail after "malformed note: ", and the vectors word "no verifiable signatures" in
/// two ways; the key-specific errors must match word for word.
func noteErrorMatches(_ error: any Error, _ expected: String) -> Bool {
    guard let error = error as? NoteError else { return false }
    switch error {
    case .malformedNote: return expected == "malformed note"
    case .noVerifiableSignatures: return expected.contains("no verifiable signatures")
    default: return error.description == expected
    }
}

/// Deterministic test signers: the seed is the name's SHA-256, so runs are reproducible.
enum NoteTestSigners {
    static func make(_ name: String, seedLabel: String? = nil) throws -> NoteSigner {
        let seed = try SHA256.hash(Array((seedLabel ?? name).utf8))
        return try NoteSigner(name: name, key: Ed25519.PrivateKey(seed: SecretBytes(seed)))
    }
}

/// The C2SP specifications' own examples, read from Tests/Fixtures/specs/c2sp at run time.
enum NoteSpecExamples {
    static func text(_ spec: String) throws -> String {
        let base = try #require(NoteSharedFiles.directory, "Tests/Fixtures is absent")
        return try String(contentsOf: base.appendingPathComponent("specs/c2sp/\(spec)"), encoding: .utf8)
    }

    /// The contents of each ``` fenced block, in order, each ending in a newline.
    static func codeBlocks(_ spec: String) throws -> [String] {
        var blocks: [String] = []
        var current: [Substring]? = nil
        for line in try text(spec).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let lines = current { blocks.append(lines.map { $0 + "\n" }.joined()) }
                current = current == nil ? [] : nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The indented line following `marker` and a blank line (how the specs show keys).
    static func indentedLine(after marker: String, in spec: String) throws -> String {
        let lines = try text(spec).split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains(marker) }, "\(marker) not in \(spec)")
        return try #require(lines.dropFirst(index + 1).first { !$0.isEmpty }).trimmingCharacters(in: .whitespaces)
    }
}
