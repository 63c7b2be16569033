import EvidenceStore
import Foundation
import Testing

/// Shared steps of the tamper tests: finding and altering the files an attacker would,
/// and running `audit` as an outsider (no user, no passphrase, its own state folder).
extension CLITestbed {
    /// The object file of `item` (found by its ciphertext SHA-256, which `list --json` shows).
    func objectFile(of item: String) throws -> String {
        let record = try #require(try listItems().first { $0["id"] as? String == item })
        let digest = try #require(record["ciphertextSha256"] as? String)
        let found = try objectFiles().filter { try sha256Hex(try read($0)) == digest }
        return try #require(found.first, "no object file has ciphertext SHA-256 \(digest)")
    }

    func modify(_ path: String, _ change: (inout [UInt8]) throws -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The entry bundle holding `seq` for the current tree size, and the entries in it.
    func bundle(holding seq: Int) throws -> (path: String, entries: [[UInt8]]) {
        let size = try #require(try ok(["checkpoint", "--json"]).json()["size"] as? Int)
        let index = seq / 256
        let width = min(256, size - index * 256)
        let path = repoPath("ledger/" + TilePath.entryBundle(index: UInt64(index), width: width))
        let bytes = [UInt8](try read(path))
        var entries: [[UInt8]] = []
        var offset = 0
        while offset + 2 <= bytes.count {
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            entries.append(Array(bytes[(offset + 2)..<min(bytes.count, offset + 2 + length)]))
            offset += 2 + length
        }
        try #require(entries.count == width, "bundle \(path) holds \(entries.count) entries, expected \(width)")
        return (path, entries)
    }

    func writeBundle(_ path: String, _ entries: [[UInt8]]) throws {
        var bytes: [UInt8] = []
        for entry in entries { bytes += [UInt8(entry.count >> 8), UInt8(entry.count & 0xFF)] + entry }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func addedSeq(of item: String) throws -> Int {
        let events = try ok(["log", "--item", item, "--json"]).jsonLines()
        return try #require(events.first { $0["type"] as? String == "item.added" }?["seq"] as? Int)
    }

    /// The log's verifier key, as an auditor would have been handed it.
    func verifierKey() throws -> String {
        try ok(["checkpoint", "--verifier-key"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `evidence audit` as an outsider: no user or passphrase in the environment, and a
    /// state folder of its own unless `state` names one (a host's memory).
    @discardableResult
    func audit(_ key: String, _ extra: [String] = [], state: String? = nil) throws -> RunResult {
        try run(["audit", "--verifier-key", key] + extra,
                environment: ["EVIDENCE_USER": nil, "EVIDENCE_PASSPHRASE": nil,
                              "EVIDENCE_STATE": state ?? path("auditor-state")])
    }

    /// `audit` expected to find problems: exit 65 and never "Intact.".
    @discardableResult
    func auditFails(_ key: String, _ extra: [String] = [], state: String? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try audit(key, extra, state: state)
        #expect(result.status == 65 && !result.signalled, "audit should exit 65\n\(result)", sourceLocation: sourceLocation)
        #expect(!result.out.contains("Intact."), "audit must not say Intact\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// `audit --json` expected to pass.
    @discardableResult
    func auditIntact(_ key: String, _ extra: [String] = [], state: String? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try audit(key, extra + ["--json"], state: state)
        #expect(result.status == 0, "audit should pass\n\(result)", sourceLocation: sourceLocation)
        let report = try result.json()
        #expect(report["intact"] as? Bool == true, "audit should report intact\n\(result)", sourceLocation: sourceLocation)
        return report
    }
}

/// The output (stdout and stderr) of a check must name `needle`; problem lines go to stderr.
func expectNamed(_ result: RunResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect((result.out + result.err).contains(needle), "\(result.arguments.first ?? "") should name \(needle)\n\(result)",
            sourceLocation: sourceLocation)
}
