import Foundation
import SearchBenchKit
import SearchIndex

/// Search quality on Cranfield 1400 through the product's own pipeline: each document an
/// item of one case indexed by CaseIndex, each query a natural-language search through
/// Searcher as a user who may see the case (visibility filter applied; any word may match,
/// best first, top 1000), scored with trec_eval's measures.
struct CranfieldBenchmark {
    let folder: String
    let work: String?
    /// Where to write our ranking as a TREC run file (for trec_eval itself); nil: not written.
    let runFile: String?

    static let caseID = "cranfield"

    func run() throws {
        let collection = try CranfieldCollection(folder: folder)
        let root = work ?? NSTemporaryDirectory() + "search-bench-cranfield-\(getpid())"
        let indexPath = root + "/index"
        try CaseIndex.destroy(path: indexPath)
        defer { if work == nil { try? FileManager.default.removeItem(atPath: root) } }

        let started = DispatchTime.now().uptimeNanoseconds
        let index = try CaseIndex.open(path: indexPath)
        try index.index(contentsOf: collection.documents.map(Self.item))
        try index.commit()
        try index.close()
        let indexSeconds = Self.seconds(since: started)

        let searcher = Searcher()
        let queryStarted = DispatchTime.now().uptimeNanoseconds
        var perQuery: [TrecMeasures] = []
        var run = ""
        for query in collection.queries {
            let request = SearchRequest(
                query: NaturalLanguageQuery.plainWords(query.text), caseIDs: [Self.caseID], limit: 1000,
                defaultOperator: .or, wantSnippets: false)
            let result = try searcher.search(request, indexes: [Self.caseID: indexPath])
            let ranking = result.hits.map { (document: String($0.itemID.dropFirst(Self.idPrefix.count)), score: $0.score) }
            run += TrecRun.lines(query: query.number, ranking: ranking, tag: "evidence")
            perQuery.append(TrecMeasures(ranking: ranking, gains: collection.gains(query: query.number)))
        }
        let querySeconds = Self.seconds(since: queryStarted)
        if let runFile {
            guard FileManager.default.createFile(atPath: runFile, contents: Data(run.utf8)) else {
                throw BenchError.failed("Cannot write \(runFile).")
            }
        }
        print("Cranfield 1400 through CaseIndex and Searcher: \(collection.documents.count) items indexed in "
              + "\(format(indexSeconds, 2)) s, \(collection.queries.count) queries in \(format(querySeconds, 2)) s "
              + "(any word, top 1000; queries lower-cased, punctuation as spaces)")
        QualityReport.print(engine: "evidence", TrecMeasures.mean(perQuery))
    }

    static let idPrefix = "cran-"

    /// A Cranfield document as an extractor would hand it over: the title as the item's
    /// title, the abstract as its text (the abstract starts by repeating the title, so the
    /// words indexed as free text are the baseline's title + abstract), the authors as the
    /// officer (a filter value, not free text: the baseline does not index them).
    static func item(_ document: CranfieldDocument) -> IndexDocument {
        IndexDocument(
            itemID: idPrefix + String(document.id), caseID: caseID, caseReference: "CRANFIELD", kind: "document",
            officer: document.author.isEmpty ? nil : document.author, mediaType: "text/plain",
            sha256: String(repeating: "0", count: 64), date: 0,
            title: document.title.isEmpty ? nil : document.title, text: document.body)
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
