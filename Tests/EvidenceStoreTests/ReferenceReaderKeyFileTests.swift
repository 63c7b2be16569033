import Foundation
import Testing
@testable import EvidenceStore

/// The independent reader (docs/reference/evidence_reader.py) refuses, as `verify` and `audit`
/// do, key files that are not canonical JSON, a planted audit-key envelope, and a registered
/// user's identity file deleted (FORMAT §1, §4, §5.1, §5.3, §5.4, §5.5).
@Suite struct ReferenceReaderKeyFileTests {
    static let example = ReferenceReaderTests.root.appendingPathComponent("docs/example/repository")

    /// A copy of the worked example, changed by `change`, read by the reference reader without keys.
    func readerOutput(_ change: (URL) throws -> Void) throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("repository")
        try FileManager.default.copyItem(at: Self.example, to: copy)
        try change(copy)
        return try ReferenceReaderTests().run(["verify", copy.path])
    }

    /// The same members and values with a space after each comma between members: not canonical.
    static func respace(_ file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let changed = text.replacingOccurrences(of: ",\"", with: ", \"")
        #expect(changed != text)
        try changed.write(to: file, atomically: true, encoding: .utf8)
    }

    static func first(_ folder: URL, prefix: String) throws -> String {
        try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().first { $0.hasPrefix(prefix) })
    }

    @Test(.enabled(if: ReferenceReaderTests.pythonReady, "python3 with the cryptography package is not installed"))
    func independentReaderRefusesTheSameKeyFiles() throws {
        let intact = try readerOutput { _ in }
        #expect(intact.status == 0, "\(intact.output)")
        let slot = "keys/" + (try Self.first(Self.example.appendingPathComponent("keys"), prefix: "slot_"))
        let identity = "identities/" + (try Self.first(Self.example.appendingPathComponent("identities"), prefix: "usr_"))
        for relative in ["config", slot, identity, "keyring/1/recovery", "audit/1/recovery"] {
            let result = try readerOutput { try Self.respace($0.appendingPathComponent(relative)) }
            #expect(result.status == 65 && result.output.contains(relative) && result.output.contains("canonical"),
                    "\(relative) re-written with spaces:\n\(result.output)")
        }
        let user = String(identity.dropFirst("identities/".count))
        let planted = try readerOutput {
            try FileManager.default.copyItem(at: $0.appendingPathComponent("audit/1/recovery"),
                                             to: $0.appendingPathComponent("audit/1/\(user)"))
        }
        #expect(planted.status == 65 && planted.output.contains("audit/1/\(user)"), "\(planted.output)")
        let deleted = try readerOutput { try FileManager.default.removeItem(at: $0.appendingPathComponent(identity)) }
        #expect(deleted.status == 65 && deleted.output.contains(identity), "\(deleted.output)")
    }
}
