import Foundation
import Testing
@testable import SearchIndex

/// A temporary folder holding case indexes, deleted when the test is done.
final class IndexFixture {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "evidence-index-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ caseID: String, set: String = "main") -> String { root + "/" + set + "/" + caseID }

    /// Indexes `documents` into one index per case (under `set`) and returns case id → path.
    @discardableResult
    func build(_ documents: [IndexDocument], set: String = "main") throws -> [String: String] {
        var byCase: [String: [IndexDocument]] = [:]
        for d in documents { byCase[d.caseID, default: []].append(d) }
        var paths: [String: String] = [:]
        for (caseID, docs) in byCase.sorted(by: { $0.key < $1.key }) {
            let index = try CaseIndex.open(path: path(caseID, set: set))
            try index.index(contentsOf: docs)
            index.watermark = UInt64(docs.count)
            try index.commit()
            try index.close()
            paths[caseID] = path(caseID, set: set)
        }
        return paths
    }
}

/// Milliseconds since 1970 of an ISO 8601 UTC time such as "2024-01-15T10:00:00Z".
func indexMillis(_ iso: String) throws -> Int64 {
    let date = try #require(ISO8601DateFormatter().date(from: iso), "bad date \(iso)")
    return Int64((date.timeIntervalSince1970 * 1000).rounded())
}

/// A small invented case file: case A (OP-LANTERN) and case B (OP-HARBOUR), with some
/// items a typical user may not see (OFFICIAL-SENSITIVE, SECRET, sensitive MG6D).
enum IndexCorpus {
    static let caseA = "case-a"
    static let caseB = "case-b"
    static let hashA1 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"

    static func documents() throws -> [IndexDocument] {
        [
            IndexDocument(
                itemID: "a1", caseID: caseA, caseReference: "OP-LANTERN", kind: "statement", exhibitRef: "JS/1",
                officer: "DC Jane Smith", fileName: "statement-smith.txt", mediaType: "text/plain; charset=utf-8",
                sha256: hashA1, date: try indexMillis("2024-01-15T10:00:00Z"), title: "Witness statement of Mary Jones",
                text: "The burglar forced the rear window and stole jewellery from the bedroom. Neighbours heard breaking glass at midnight <and> a car drove off & away."),
            IndexDocument(
                itemID: "a2", parentID: "a3", caseID: caseA, caseReference: "OP-LANTERN", kind: "email",
                officer: "DC Jane Smith", mediaType: "message/rfc822", sha256: String(repeating: "b", count: 64),
                date: try indexMillis("2024-02-20T09:30:00Z"), title: "Meeting about the stolen jewellery",
                text: "Bob, the rings were hidden in the garage behind the paint tins. Alice",
                fields: ["from": "Alice Archer <alice@example.com>", "to": "bob@example.com",
                         "subject": "Meeting about the stolen jewellery"]),
            IndexDocument(
                itemID: "a3", caseID: caseA, caseReference: "OP-LANTERN", kind: "exhibit", exhibitRef: "JS/2",
                officer: "DC Jane Smith", fileName: "mailbox.mbox", mediaType: "application/mbox",
                sha256: String(repeating: "c", count: 64), date: try indexMillis("2024-02-01T12:00:00Z")),
            IndexDocument(
                itemID: "a4", caseID: caseA, caseReference: "OP-LANTERN", kind: "exhibit", exhibitRef: "PH/7",
                officer: "DC Tom Brown", fileName: "phone-extraction.txt", mediaType: "text/plain",
                sha256: String(repeating: "d", count: 64), date: try indexMillis("2024-03-31T23:00:00Z"),
                text: "Messages: meet at the harbour warehouse tomorrow night. Bring the van and the jewellery."),
            IndexDocument(
                itemID: "a5", caseID: caseA, caseReference: "OP-LANTERN", kind: "document", officer: "DC Tom Brown",
                fileName: "area-report.pdf", mediaType: "application/pdf", disclosureStatus: "disclose",
                sha256: String(repeating: "e", count: 64), date: try indexMillis("2024-04-02T08:00:00Z"),
                text: "Burglaries in the area rose sharply; several burgled houses reported missing jewellery and cash."),
            // Hidden from a user cleared for OFFICIAL only.
            IndexDocument(
                itemID: "a6", caseID: caseA, caseReference: "OP-LANTERN", kind: "intelligence",
                officer: "DS Rachel Green", mediaType: "text/plain", classification: "OFFICIAL-SENSITIVE",
                sha256: String(repeating: "f", count: 64), date: try indexMillis("2024-03-05T14:00:00Z"),
                title: "Intelligence report", text: "Informant Zebedee reports the burglar is Kingsley, who keeps jewellery at the warehouse."),
            // Hidden from a user who may not see sensitive material.
            IndexDocument(
                itemID: "a7", caseID: caseA, caseReference: "OP-LANTERN", kind: "surveillance",
                officer: "DS Rachel Green", mediaType: "text/plain", sensitive: true,
                sha256: String(repeating: "1", count: 64), date: try indexMillis("2024-03-07T22:15:00Z"),
                text: "Covert surveillance log: Marmaduke observed at the warehouse carrying jewellery."),
            IndexDocument(
                itemID: "a8", caseID: caseA, caseReference: "OP-LANTERN", kind: "intelligence",
                officer: "DS Rachel Green", mediaType: "text/plain", classification: "SECRET", sensitive: true,
                sha256: String(repeating: "2", count: 64), date: try indexMillis("2024-03-08T01:00:00Z"),
                text: "Warehouse wiretap: Kingsley mentions the jewellery buyer Quartermaine."),
            IndexDocument(
                itemID: "b1", caseID: caseB, caseReference: "OP-HARBOUR", kind: "exhibit", exhibitRef: "HB/1",
                officer: "PC Ali Khan", fileName: "containers.pdf", mediaType: "application/pdf",
                sha256: String(repeating: "3", count: 64), date: try indexMillis("2023-12-01T11:00:00Z"),
                text: "Harbour smuggling investigation: warehouse containers inspected, jewellery boxes seized."),
            IndexDocument(
                itemID: "b2", caseID: caseB, caseReference: "OP-HARBOUR", kind: "statement", exhibitRef: "HB/2",
                officer: "PC Ali Khan", mediaType: "text/plain", sha256: String(repeating: "4", count: 64),
                date: try indexMillis("2024-01-20T16:45:00Z"),
                text: "The harbour master saw a white van near the warehouse on the night of the burglary."),
            // Sensitive material of case B: seen by a user who sees case B's sensitive material only.
            IndexDocument(
                itemID: "b3", caseID: caseB, caseReference: "OP-HARBOUR", kind: "intelligence",
                officer: "PC Ali Khan", mediaType: "text/plain", sensitive: true, sha256: String(repeating: "5", count: 64),
                date: try indexMillis("2024-02-11T07:30:00Z"),
                text: "Source Penhaligon says the containers came from Rotterdam by the night ferry."),
        ]
    }

    /// A user who sees both cases, OFFICIAL only, no sensitive material.
    static func request(_ query: String, cases: Set<String> = [caseA, caseB], limit: Int = 50) -> SearchRequest {
        SearchRequest(query: query, caseIDs: cases, classifications: ["OFFICIAL"], includeSensitive: false, limit: limit)
    }

    static func ids(_ result: SearchResult) -> Set<String> { Set(result.hits.map(\.itemID)) }
}

/// One shared index of the corpus for the read-only query tests.
final class SharedIndexCorpus: Sendable {
    static let shared = Result { try SharedIndexCorpus() }

    let root: String
    let indexes: [String: String]

    static let root = NSTemporaryDirectory() + "evidence-index-shared-\(getpid())"

    private init() throws {
        root = Self.root
        try? FileManager.default.removeItem(atPath: root)
        atexit { try? FileManager.default.removeItem(atPath: SharedIndexCorpus.root) }
        var paths: [String: String] = [:]
        var byCase: [String: [IndexDocument]] = [:]
        for d in try IndexCorpus.documents() { byCase[d.caseID, default: []].append(d) }
        for (caseID, docs) in byCase {
            let path = root + "/" + caseID
            let index = try CaseIndex.open(path: path)
            try index.index(contentsOf: docs)
            try index.commit()
            try index.close()
            paths[caseID] = path
        }
        indexes = paths
    }

    static func search(_ request: SearchRequest) throws -> SearchResult {
        let corpus = try shared.get()
        return try Searcher().search(request, indexes: corpus.indexes)
    }
}
