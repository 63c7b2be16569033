import Foundation
import SearchBenchKit

/// Scores a TREC run file on Cranfield with the same measures as our own ranking: the plain
/// Xapian reference's run, so both sides of the comparison are scored by one implementation
/// (and the reference reproducing the README's baseline checks that implementation).
struct RunScorer {
    let folder: String
    let runFile: String
    let engine: String

    func run() throws {
        let collection = try CranfieldCollection(folder: folder)
        guard let data = FileManager.default.contents(atPath: runFile) else {
            throw BenchError.badInput("Cannot read \(runFile).")
        }
        let rankings = try TrecRun.parse(String(decoding: data, as: UTF8.self))
        let perQuery = collection.queries.map { query in
            TrecMeasures(ranking: rankings[query.number] ?? [], gains: collection.gains(query: query.number))
        }
        print("Cranfield 1400, \(engine) (run file \(runFile)):")
        QualityReport.print(engine: engine, TrecMeasures.mean(perQuery))
    }
}
