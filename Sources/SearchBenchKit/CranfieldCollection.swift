import Foundation

/// The Cranfield 1400 test collection (SMART format): documents, queries and graded judgments.
public struct CranfieldCollection: Sendable {
    public let documents: [CranfieldDocument]
    public let queries: [CranfieldQuery]
    /// Query number → document id → grade (1 complete answer … 4 minimal interest; -1 not
    /// relevant).
    public let judgments: [Int: [Int: Int]]

    /// Reads cran.all.1400, cran.qry and cranqrel from `folder`, and checks that it is the
    /// whole collection (1400 documents, 225 queries).
    public init(folder: String) throws {
        try self.init(documentsText: try Self.read(folder + "/cran.all.1400"),
                      queriesText: try Self.read(folder + "/cran.qry"),
                      judgmentsText: try Self.read(folder + "/cranqrel"))
        guard documents.count == 1400, queries.count == 225 else {
            throw BenchError.badInput("\(folder) does not look like Cranfield 1400 (\(documents.count) documents, \(queries.count) queries).")
        }
    }

    public init(documentsText: String, queriesText: String, judgmentsText: String) throws {
        documents = try Self.parseDocuments(documentsText)
        queries = try Self.parseQueries(queriesText)
        judgments = try Self.parseJudgments(judgmentsText)
    }

    /// The gains of query `number`'s judged documents by document name, as the baseline
    /// scored them (Tests/Fixtures/README.md): gain = 5 − grade, so a complete answer (1) gains 4
    /// and minimal interest (4) gains 1; -1 (not relevant) gains 0.
    public func gains(query number: Int) -> [String: Int] {
        var out: [String: Int] = [:]
        for (document, grade) in judgments[number] ?? [:] {
            out[String(document)] = (1...4).contains(grade) ? 5 - grade : 0
        }
        return out
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.badInput("Cannot read \(path).")
        }
        // The collection is ASCII; decoding with replacement keeps a stray byte harmless.
        return String(decoding: data, as: UTF8.self)
    }

    /// Splits a SMART-format file into records: each starts with `.I id`, then fields whose
    /// marker is a line of its own (`.T`, `.A`, `.B`, `.W`) followed by their text lines.
    /// A repeated field is appended to the first.
    private static func records(_ text: String) throws -> [(id: String, fields: [Character: String])] {
        var out: [(id: String, fields: [Character: String])] = []
        var field: Character? = nil
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.hasPrefix(".I ") {
                out.append((String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), [:]))
                field = nil
                continue
            }
            if line.count == 2, line.first == ".", let marker = line.last, "TABW".contains(marker) {
                guard !out.isEmpty else { throw BenchError.badInput("A field marker before the first .I record.") }
                field = marker
                continue
            }
            guard let f = field, !out.isEmpty else { continue }
            let previous = out[out.count - 1].fields[f, default: ""]
            out[out.count - 1].fields[f] = previous.isEmpty ? String(line) : previous + "\n" + line
        }
        return out
    }

    private static func parseDocuments(_ text: String) throws -> [CranfieldDocument] {
        try records(text).map { record in
            guard let id = Int(record.id) else { throw BenchError.badInput("Bad document id \"\(record.id)\".") }
            func field(_ c: Character) -> String {
                (record.fields[c] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return CranfieldDocument(id: id, title: field("T"), author: field("A"), bibliography: field("B"), body: field("W"))
        }
    }

    private static func parseQueries(_ text: String) throws -> [CranfieldQuery] {
        try records(text).enumerated().map { index, record in
            let body = (record.fields["W"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !body.isEmpty else { throw BenchError.badInput("Query .I \(record.id) has no text.") }
            return CranfieldQuery(number: index + 1, fileID: record.id, text: body)
        }
    }

    private static func parseJudgments(_ text: String) throws -> [Int: [Int: Int]] {
        var out: [Int: [Int: Int]] = [:]
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = line.split(whereSeparator: \.isWhitespace)
            if parts.isEmpty { continue }
            guard parts.count == 3, let q = Int(parts[0]), let d = Int(parts[1]), let g = Int(parts[2]) else {
                throw BenchError.badInput("cranqrel line \(n + 1) is not \"query document grade\".")
            }
            out[q, default: [:]][d] = g
        }
        return out
    }
}
