// Helpers shared by the search end-to-end tests (CLISearch*.swift): a case filled with the
// demo burglary material and a real mailbox, `search --json` parsed, and the paths of a
// user's index folders on this host.

import Foundation
import Testing

/// The project's demo material and the shared extraction corpus.
enum SearchFixtures {
    /// <package>/Tests/EvidenceCLITests/CLISearchSupport.swift → <package>.
    static let packageRoot: String = {
        let tests = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return (tests as NSString).deletingLastPathComponent
    }()

    static let burglary = packageRoot + "/demo/burglary"
    static let statements = burglary + "/statements"
    static let email = burglary + "/email/2026-03-16_0814_Helen-Marsh_to_DC-Brennan_stolen-property-list.eml"
    /// A mailbox of three messages from June 2009 (written by the tests, so that they do not
    /// depend on the corpus fixtures; the extraction tests use the real corpus).
    static let mboxText = (1...3).map { number in
        """
        From jothi@example.org Tue Jun 0\(number + 1) 10:0\(number):00 2009
        From: Jothi P <jothi@example.org>
        To: core-user@example.org
        Subject: Re: question about when shuffle/sort start working
        Date: Tue, 0\(number + 1) Jun 2009 10:0\(number):00 +0000
        Message-ID: <\(number)@example.org>
        Content-Type: text/plain; charset=us-ascii

        Message \(number). When a Mapper completes, the shuffle copies its output to the
        reducers; the sort starts once every map output has arrived.
        >From the archive: reply \(number).

        """
    }.joined()

    static func statementFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: statements).filter { $0.hasSuffix(".txt") }.sorted()
            .map { statements + "/" + $0 }
    }
}

extension CLITestbed {
    /// `evidence search QUERY --json …` (as the acting user unless `environment` says otherwise).
    func search(_ query: String, _ extra: [String] = [], environment: [String: String?] = [:],
                sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try ok(["search", query, "--json"] + extra, environment: environment, sourceLocation: sourceLocation).json()
    }

    /// The three-message mailbox, as `complex.mbox` in the test folder.
    func mailbox() throws -> String {
        let file = path("in/mail/complex.mbox")
        if FileManager.default.fileExists(atPath: file) { return file }
        return try write("in/mail/complex.mbox", SearchFixtures.mboxText)
    }

    /// A case CR-1 holding the four demo witness statements, the demo email (with its CSV
    /// attachment) and a three-message mailbox.
    func caseWithMaterial() throws {
        try repositoryWithCase("CR-1")
        try add(try SearchFixtures.statementFiles() + [SearchFixtures.email, try mailbox()])
    }

    /// The index folder of one case for one user on this host
    /// (`STATE/<repository id>/<user id>/index/<case id>`).
    func indexFolder(user name: String = "officer", caseID: String) throws -> String {
        (state as NSString).appendingPathComponent("\(try repositoryID())/\(try userID(name))/index/\(caseID)")
    }

    /// The id of a case by reference, as `case list --json` shows it.
    func caseID(_ reference: String) throws -> String {
        let cases = try ok(["case", "list", "--json"]).jsonLines()
        return try #require(cases.first { $0["reference"] as? String == reference }?["id"] as? String,
                            "no case \(reference)")
    }

    /// The ledger size as the officer's log shows it (every entry is a line).
    func ledgerEntryCount() throws -> Int {
        try logEntries().count
    }
}

/// The parts of a search answer that must not depend on item ids, case ids or times:
/// totals, per-case hit counts, facets, spelling, and each hit's name, kind, score and snippet.
func searchFigures(_ answer: [String: Any]) -> String {
    var figures: [String: Any] = [:]
    figures["total"] = answer["total"]
    figures["spellingSuggestion"] = answer["spellingSuggestion"]
    figures["facets"] = answer["facets"]
    figures["caseHits"] = (answer["cases"] as? [[String: Any]] ?? []).map { [$0["reference"] ?? "", $0["hits"] ?? 0] }
    figures["hits"] = (answer["hits"] as? [[String: Any]] ?? []).map { hit -> [String: Any] in
        var kept: [String: Any] = [:]
        for key in ["rank", "name", "kind", "mediaType", "classification", "sensitive", "score", "percent",
                    "snippet", "highlights", "extraction", "caseReference", "exhibitRef"] {
            kept[key] = hit[key]
        }
        return kept
    }
    guard let data = try? JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys, .prettyPrinted]) else {
        return "unserialisable"
    }
    return String(decoding: data, as: UTF8.self)
}

/// The names of the hits of a search answer, in order.
func hitNames(_ answer: [String: Any]) -> [String] {
    (answer["hits"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
}

func hitIDs(_ answer: [String: Any]) -> [String] {
    (answer["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
}

func total(_ answer: [String: Any]) -> Int {
    answer["total"] as? Int ?? -1
}
