import Foundation
import SearchBenchKit
import SearchIndex

/// In-process query latency of the Searcher over the fixed mix of queries, as a user who may
/// see the bench case at OFFICIAL (the visibility filter is applied inside every query, and
/// only that case's OFFICIAL shard is opened): the first 10 hits with their stored data, no
/// snippets unless asked (the references fetch the document data only). The first pass warms
/// the caches and is not counted.
struct QueryBenchmark {
    let queriesFile: String
    let database: String
    let repetitions: Int
    let snippets: Bool
    /// Where to write every timed latency (`kind<TAB>ms` a line), as the references do, so
    /// that one script computes everyone's percentiles; nil: not written.
    let latencyFile: String?

    func run() throws {
        let queries = try BenchQuery.load(queriesFile)
        guard !queries.isEmpty, repetitions >= 1 else { throw BenchError.usage("No queries or no repetitions.") }
        let searcher = Searcher()
        let indexes = [BenchCorpus.caseID: database]
        var all = LatencySample()
        var raw = ""
        var hits = 0
        var empty = 0
        for pass in 0...repetitions {
            for query in queries {
                let request = SearchRequest(query: query.xapian, caseIDs: [BenchCorpus.caseID],
                                            classifications: ["OFFICIAL"], includeSensitive: false, limit: 10,
                                            wantSnippets: snippets)
                let started = DispatchTime.now().uptimeNanoseconds
                let result: SearchResult
                do {
                    result = try searcher.search(request, indexes: indexes)
                } catch {
                    throw BenchError.failed("The query \(query.xapian) failed: \(error)")
                }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                if pass == 0 {
                    hits += result.hits.count
                    if result.hits.isEmpty { empty += 1 }
                    continue
                }
                all.add(ms)
                raw += "\(query.kind)\t\(ms)\n"
            }
        }
        if let latencyFile {
            guard FileManager.default.createFile(atPath: latencyFile, contents: Data(raw.utf8)) else {
                throw BenchError.failed("Cannot write \(latencyFile).")
            }
        }
        let engine = snippets ? "evidence+snippets" : "evidence"
        print("\(engine) Searcher: \(queries.count) queries x \(repetitions): p50 \(format(all.percentile(0.5), 3)) ms, "
              + "p95 \(format(all.percentile(0.95), 3)) ms; \(hits) hits, \(empty) queries without hits")
        print("RESULT query engine=\(engine) samples=\(all.values.count) hits=\(hits) empty=\(empty)")
    }
}
