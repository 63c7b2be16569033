// Helpers of the visibility tests (CLIVisibilityTests.swift): a case holding material some
// members may not see, each user acting from a state folder of their own, and a scan of a
// state folder's bytes as `strings` would do it.

import EvidenceStore
import Foundation
import Testing

/// A case CR-1 whose material carries words found nowhere else: one OFFICIAL item everyone
/// may see, one SECRET item and one sensitive (MG6D) item. Every item mentions "burglary".
struct VisibilityScenario {
    var visible = ""
    var secret = ""
    var sensitive = ""
    /// The words, names, descriptions and SHA-256 values of the SECRET and sensitive items.
    var secretNeedles: [String] = []
    var sensitiveNeedles: [String] = []
    /// The recovery code `init` printed (for break-glass grants such as the auditor's).
    var recoveryCode: String?

    static let visibleText = "Statement of the householder about the burglary at Larkspur Close."
    static let secretText = "Covert handler notes: source Vexmoor reported the burglary crew meets at Quillhaven."
    static let sensitiveText = "Informant payments ledger: Tarnquist was paid after the burglary arrests."

    /// Builds it as the officer (SIO, SC), with the members given as (name, roles, clearance,
    /// role granted in CR-1).
    static func build(_ bed: CLITestbed, members: [(String, [String], String, String)]) throws -> VisibilityScenario {
        let initAnswer = try bed.initRepository()
        try bed.createCase("CR-1", title: "Operation Ashgrove")
        for (name, roles, clearance, role) in members {
            try bed.addUser(name, roles: roles, clearance: clearance)
            try bed.ok(["case", "grant", "CR-1", name, "--role", role])
        }
        var scenario = VisibilityScenario()
        scenario.recoveryCode = initAnswer["recoveryCode"] as? String
        scenario.visible = try bed.addOne(try bed.write("in/householder-statement.txt", visibleText),
                                          extra: ["--description", "householder statement"])
        let secretFile = try bed.write("in/vexmoor-handler-notes.txt", secretText)
        scenario.secret = try bed.addOne(secretFile, extra: ["--classification", "SECRET",
                                                             "--description", "Halcyonite handling record"])
        let sensitiveFile = try bed.write("in/tarnquist-payments.txt", sensitiveText)
        scenario.sensitive = try bed.addOne(sensitiveFile, extra: ["--sensitive", "--description", "Morrowgate payments"])
        scenario.secretNeedles = ["Vexmoor", "Quillhaven", "vexmoor-handler-notes", "Halcyonite",
                                  try sha256Hex(secretText)]
        scenario.sensitiveNeedles = ["Tarnquist", "tarnquist-payments", "Morrowgate", try sha256Hex(sensitiveText)]
        return scenario
    }

    static func sha256Hex(_ text: String) throws -> String { Hex.encode(try SHA256.hash(Array(text.utf8))) }
}

extension CLITestbed {
    /// A state folder of `name`'s own, so that what is on "their" host can be examined alone.
    func ownState(_ name: String) -> String { path("state-\(name)") }

    /// The environment of a run as `name` from their own state folder.
    func own(_ name: String, _ extra: [String: String?] = [:]) -> [String: String?] {
        at(repo, state: ownState(name), env(name, extra))
    }

    /// Every (file, needle) where a file under `folder` (any file: catalogs, SQLite journals
    /// and WAL files, index shards, hidden files) holds a needle's bytes, as written or
    /// lower-cased (the index keeps words lower-cased), or a hex needle as raw bytes.
    func plaintextFindings(under folder: String, _ needles: [String]) -> [String] {
        var forms: [(needle: String, bytes: Data)] = []
        for needle in needles {
            for form in Set([needle, needle.lowercased()]) { forms.append((needle, Data(form.utf8))) }
            if needle.count == 64, let raw = Hex.decode(needle) { forms.append((needle, Data(raw))) }
        }
        var findings: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            let full = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: full) else { continue }
            for (needle, bytes) in forms where data.range(of: bytes) != nil {
                findings.append("\(relative): \(needle)")
            }
        }
        return Array(Set(findings)).sorted()
    }

    /// The index folders `name` keeps in their own state folder, by case id.
    func ownIndexFolders(_ name: String) throws -> [String] {
        let root = (ownState(name) as NSString).appendingPathComponent("\(try repositoryID())/\(try userID(name))/index")
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// `verify --json` as `name` from their own state folder: the catalog they keep must still
    /// equal the ledger re-projected under their visibility.
    func verifyIntact(as name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run(["verify", "--json"], environment: own(name))
        #expect(result.status == 0, "verify as \(name) should pass\n\(result)", sourceLocation: sourceLocation)
        #expect((try? result.json())?["intact"] as? Bool == true, "\(result)", sourceLocation: sourceLocation)
    }
}
