import CXapian
import Foundation

/// Searches the indexes of the cases a user may see, as one Xapian database.
///
/// Query syntax (Xapian's QueryParser): words (every word must match unless
/// `defaultOperator` is `.or`), AND, OR, NOT, XOR (upper case), parentheses, "phrases",
/// `a NEAR b` (within 10 words; `NEAR/5`), `a ADJ b` (in order), wildcards `burg*`, `+must`
/// and `-mustnot`; filter fields `case:` (case reference), `kind:`, `ref:` (exhibit
/// reference), `by:` (officer), `file:` (whole file name), `type:` (media type), `hash:`,
/// `status:`, `class:`, `sensitive:yes|no`, `parent:` (item id), with "quoted" values for
/// spaces (`by:"DC Jane Smith"`); text fields `title:`, `subject:`, `from:`, `to:`, `cc:`,
/// `name:` (words of the file name), `camera:` (a photo's camera make and model); date ranges
/// `2024-01-01..2024-03-31` (also open-ended, `date:` prefixed, or day/month/year), inclusive,
/// by UTC day; `taken:2024-03-14..2024-03-14`, the same over the day a photo was taken (EXIF,
/// by the camera's clock).
///
/// Visibility: only the databases of `request.caseIDs` (those also in `indexes`) and, within
/// each, only the shards of the visible classifications (and of sensitive material if
/// allowed) are opened; the same conditions are also applied inside the query as a boolean
/// filter (ANDed with weight 0), never by filtering results afterwards. So totals, facets,
/// scores, snippets and spelling suggestions are those of a repository without the hidden
/// items.
///
/// A Searcher keeps the databases of recent searches open and may be used from several
/// threads at once (each search has its own database handles).
public struct Searcher: Sendable {
    /// Most words one wildcard may stand for; a broader wildcard is a query error (rather
    /// than silently searching for only some of the words, which a disclosure search must not).
    public static let maxWildcardExpansion: UInt32 = 10_000
    /// Snippet length in bytes of text, as MSet::snippet counts it.
    public static let snippetLength = 300

    /// Open databases kept between searches (Xapian's block cache stays warm), keyed by
    /// the exact list of shards; shared by copies of this Searcher.
    private let cache = DatabaseCache()

    public init() {}

    /// Runs `request` over `indexes` (case id → that case's index folder).
    public func search(_ request: SearchRequest, indexes: [String: String]) throws -> SearchResult {
        guard (0...SearchRequest.maxLimit).contains(request.limit) else {
            throw IndexError.invalidRequest("The limit must be between 0 and \(SearchRequest.maxLimit); it was \(request.limit).")
        }
        guard (0...SearchRequest.maxOffset).contains(request.offset) else {
            throw IndexError.invalidRequest("The offset must be between 0 and \(SearchRequest.maxOffset); it was \(request.offset).")
        }
        let prepared = QueryText.prepare(request.query)
        if let problem = QueryText.dateRangeProblem(prepared) {
            throw IndexError.malformedQuery(query: request.query, reason: problem)
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try run(request, prepared: prepared, indexes: indexes)
            } catch let failure as XapianFailure where failure.type == "DatabaseModifiedError" && attempt < 4 {
                continue  // a writer committed while we read: start again at the new revision
            } catch let failure as XapianFailure {
                throw Self.map(failure, request: request, indexes: indexes)
            }
        }
    }

    private func run(_ request: SearchRequest, prepared: String, indexes: [String: String]) throws -> SearchResult {
        typealias P = IndexSchema.Prefix
        typealias S = IndexSchema.Slot
        let cases = request.caseIDs.filter { indexes[$0] != nil }.sorted()
        let classes = Set(request.classifications.map(IndexSchema.normalise)).filter { !$0.isEmpty }.sorted()
        var shardPaths: [String] = []
        var cacheKey = ""
        for caseID in cases {
            guard let folder = indexes[caseID] else { continue }
            var names: [String] = []
            for c in classes {
                names.append(IndexSchema.shardName(classification: c, sensitive: false))
                if request.seesSensitive(in: caseID) { names.append(IndexSchema.shardName(classification: c, sensitive: true)) }
            }
            for name in Set(names).sorted() {
                let shardPath = folder + "/shards/" + name
                // A shard being created has no version file yet: nothing in it to find.
                guard let identity = Self.versionFileIdentity(shardPath) else { continue }
                shardPaths.append(shardPath)
                cacheKey += shardPath + "\u{0}" + identity + "\u{0}"
            }
        }
        let shardCount = shardPaths.count
        let database: XDatabase
        if let cached = cache.checkOut(cacheKey) {
            database = cached
        } else {
            database = try XDatabase()
            for shardPath in shardPaths { try database.add(XDatabase(readOnly: shardPath)) }
        }
        var finished = false
        defer { if finished { cache.checkIn(cacheKey, database) } }

        let parser = try XQueryParser()
        try parser.setStemmer(IndexSchema.language, strategy: Int32(CX_STEM_SOME))
        try parser.setDefaultOperator(request.defaultOperator == .and ? Int32(CX_OP_AND) : Int32(CX_OP_OR))
        try parser.setMaxWildcardExpansion(Self.maxWildcardExpansion)
        if shardCount > 0 { try parser.setDatabase(database) }
        for (field, prefix) in IndexSchema.textFields { try parser.addPrefix(field, prefix) }
        for (field, prefix) in IndexSchema.booleanFields { try parser.addBooleanPrefix(field, prefix) }
        try parser.addDateRange(slot: S.day, prefix: "date:")
        try parser.addDateRange(slot: S.takenDay, prefix: "taken:")
        try parser.addDateRange(slot: S.day, prefix: nil)
        let flags = UInt32(CX_FLAG_BOOLEAN | CX_FLAG_PHRASE | CX_FLAG_LOVEHATE | CX_FLAG_WILDCARD | CX_FLAG_PURE_NOT
                           | CX_FLAG_CJK_NGRAM)

        let userQuery: XQuery
        if prepared.allSatisfy(\.isWhitespace) {
            userQuery = try XQuery.matchAll()
        } else {
            userQuery = try parser.parse(prepared, flags: flags)
        }

        let emptyFacets = request.wantFacets ? Facets(cases: [], kinds: [], mediaTypes: [], officers: [], months: [],
                                                             cameraMakes: [], cameraModels: []) : nil
        guard shardCount > 0 else {
            return SearchResult(total: .init(estimated: 0, lowerBound: 0, upperBound: 0), hits: [],
                                facets: emptyFacets, spellingSuggestion: nil, preparedQuery: prepared,
                                classCounts: request.wantClassCounts ? [] : nil)
        }

        // The visibility filter, inside the query.
        func any(_ prefix: String, _ values: [String]) throws -> XQuery {
            try XQuery.combine(Int32(CX_OP_OR), values.map { try XQuery.term(IndexSchema.booleanTerm(prefix, $0)) })
        }
        // Each document carries one term naming its case and visibility shard: the filter is
        // the OR of the (case, shard) pairs this user may see, a single postlist per shard
        // opened (three terms ANDed cost +0.08 ms at p50 over 100,000 documents).
        var visible: [XQuery] = []
        for caseID in cases {
            for c in classes {
                visible.append(try XQuery.term(IndexSchema.visibilityTerm(
                    caseID: caseID, shard: IndexSchema.shardName(classification: c, sensitive: false))))
                if request.seesSensitive(in: caseID) {
                    visible.append(try XQuery.term(IndexSchema.visibilityTerm(
                        caseID: caseID, shard: IndexSchema.shardName(classification: c, sensitive: true))))
                }
            }
        }
        var filters = [try XQuery.combine(Int32(CX_OP_OR), visible)]
        if !request.kinds.isEmpty { filters.append(try any(P.kind, request.kinds.sorted())) }
        // Combined as `user AND (filter × 0)` rather than OP_FILTER, which should mean the
        // same: Xapian 1.4.22's OP_FILTER with a filter of three or more terms (case,
        // classification and not-sensitive, the usual visibility) skips the positional check
        // of a phrase inside an OR query for some documents, giving documents without the
        // phrase (even without its words) its weight; 41 of Cranfield's 225 questions, with
        // hyphenated words as phrases, ranked differently than without the filter. Scaled by
        // 0, the filter scores exactly as no filter would (IndexRankingTests).
        let visibility = try XQuery.scaled(XQuery.combine(Int32(CX_OP_AND), filters), by: 0)
        let query = try XQuery.combine(Int32(CX_OP_AND), [userQuery, visibility])

        let enquire = try XEnquire(database)
        try enquire.setQuery(query)
        switch request.sort {
        // Relevance alone: equal weights keep the order the index holds the items in (the
        // order the ledger recorded them), which costs nothing, where a date tie-break made
        // Xapian read the date of every candidate (+0.13 ms at p50 over 100,000 documents,
        // scripts/bench/query_breakdown.py). A query of filters only (all weights 0) is thus
        // listed in recorded order; --sort date lists by date.
        case .relevance: break
        case .date: try enquire.sortByValueThenRelevance(S.time, reverse: false)
        case .dateDescending: try enquire.sortByValueThenRelevance(S.time, reverse: true)
        }
        var spies: [XValueSpy] = []
        if request.wantFacets {
            for slot in [S.caseReference, S.kind, S.mediaType, S.officer, S.month, S.cameraMake, S.cameraModel] {
                let spy = try XValueSpy(slot: slot)
                try enquire.add(spy)
                spies.append(spy)
            }
        }
        var classSpy: XValueSpy?
        if request.wantClassCounts {
            let spy = try XValueSpy(slot: S.visibilityClass)
            try enquire.add(spy)
            classSpy = spy
        }
        let everything = request.wantFacets || request.exactTotal || request.wantClassCounts
        let checkAtLeast = everything ? try database.documentCount : 0
        let mset = try enquire.mset(first: request.offset, count: request.limit, checkAtLeast: checkAtLeast)
        let matches = try mset.matches()

        var hits: [SearchHit] = []
        hits.reserveCapacity(mset.count)
        for index in 0..<mset.count {
            let item = try mset.item(index)
            let document = try mset.document(index)
            let stored = try StoredItem.read(document, damagedAt: indexes.values.sorted().joined(separator: ", "),
                                             detail: "a document's data is not readable")
            var snippet = Snippet(segments: [])
            if request.wantSnippets {
                let source = try document.value(IndexSchema.Slot.snippetText)
                // Only CJK n-grams (to highlight them as they were indexed): neither SNIPPET_EXHAUSTIVE (stop at a good enough passage: ~0.07 ms
                // rather than ~0.22 ms for 4 KiB) nor SNIPPET_BACKGROUND_MODEL (which looks up
                // the frequency of every word of the text).
                let raw = try mset.snippet(source, length: Self.snippetLength, language: IndexSchema.language,
                                           flags: UInt32(CX_SNIPPET_CJK_NGRAM),
                                           highlightStart: IndexSchema.highlightStart,
                                           highlightEnd: IndexSchema.highlightEnd, omit: "…")
                snippet = Snippet.parse(raw, start: "\u{E000}", end: "\u{E001}")
            }
            hits.append(SearchHit(
                itemID: stored.id, parentID: stored.parent, caseID: stored.caseID, caseReference: stored.caseRef,
                kind: stored.kind, exhibitRef: stored.ref, name: stored.name, title: stored.title,
                mediaType: stored.type, officer: stored.officer, classification: stored.classification,
                sensitive: stored.sensitive, disclosureStatus: stored.status, extraction: stored.extraction,
                extractionReason: stored.extractionReason, date: stored.date,
                rank: item.rank + 1, percent: item.percent, score: item.weight,
                snippet: snippet))
        }

        var facets: Facets? = nil
        if request.wantFacets, spies.count == 7 {
            func counts(_ spy: XValueSpy) throws -> [FacetCount] {
                try spy.counts().map { FacetCount(value: $0.value, count: $0.count) }
                    .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
            }
            facets = Facets(cases: try counts(spies[0]), kinds: try counts(spies[1]), mediaTypes: try counts(spies[2]),
                            officers: try counts(spies[3]), months: try counts(spies[4]),
                            cameraMakes: try counts(spies[5]), cameraModels: try counts(spies[6]))
        }

        var suggestion: String? = nil
        if request.wantSpelling {
            suggestion = try correctSpelling(prepared, database)
        }

        let classCounts = try classSpy?.counts().map { FacetCount(value: $0.value, count: $0.count) }
            .sorted { $0.value < $1.value }

        finished = true
        return SearchResult(
            total: .init(estimated: matches.estimated, lowerBound: matches.lower, upperBound: matches.upper),
            hits: hits, facets: facets, spellingSuggestion: suggestion, preparedQuery: prepared,
            classCounts: classCounts)
    }

    /// The query with each word that is in no visible item replaced by Xapian's spelling
    /// suggestion (Database::get_spelling_suggestion over the visible shards only), or nil
    /// if no word is unknown or none has a suggestion. (QueryParser's own correction also
    /// "corrects" known words into more frequent neighbours, e.g. burglar → burglary.)
    private func correctSpelling(_ prepared: String, _ database: XDatabase) throws(XapianFailure) -> String? {
        var corrected = prepared
        var changed = false
        for range in QueryText.wordRanges(prepared).reversed() {
            let word = String(prepared[range])
            guard try !database.termExists(word) else { continue }
            let suggestion = try database.spellingSuggestion(word)
            guard !suggestion.isEmpty, suggestion != word else { continue }
            corrected.replaceSubrange(range, with: suggestion)
            changed = true
        }
        return changed ? corrected : nil
    }

    /// The identity of a shard's version file (inode and change time), or nil if there is
    /// none. Each commit replaces the file, so a cached database is only reused for the same
    /// shard (never for a shard deleted and built again at the same path), and is reopened
    /// at the revision the file names.
    static func versionFileIdentity(_ shardPath: String) -> String? {
        var st = stat()
        guard stat(shardPath + "/iamglass", &st) == 0 else { return nil }
        #if os(Linux)
        let changed = st.st_ctim
        #else
        let changed = st.st_ctimespec
        #endif
        return "\(st.st_dev):\(st.st_ino):\(changed.tv_sec).\(changed.tv_nsec)"
    }

    /// A Xapian failure as a sentence for the user.
    static func map(_ failure: XapianFailure, request: SearchRequest, indexes: [String: String]) -> IndexError {
        switch failure.type {
        case "QueryParserError":
            return .malformedQuery(query: request.query, reason: explain(parserMessage: failure.message))
        case "WildcardError":
            return .malformedQuery(query: request.query, reason:
                "a wildcard matches more than \(maxWildcardExpansion) different words; make it longer.")
        case "DatabaseCorruptError", "DatabaseVersionError", "DatabaseFormatError":
            let paths = request.caseIDs.compactMap { indexes[$0] }.sorted().joined(separator: ", ")
            return .corrupt(path: paths, detail: failure.message)
        default:
            return .failed("The search failed: \(failure.message).")
        }
    }

    static func explain(parserMessage message: String) -> String {
        let syntax = "Syntax: <expression> "
        if message.hasPrefix(syntax) {
            let op = message.dropFirst(syntax.count).split(separator: " ").first.map(String.init) ?? ""
            if ["AND", "OR", "XOR", "NOT", "NEAR", "ADJ"].contains(op) {
                return "\(op) needs a search term on each side (write operators in capitals only when you mean them)."
            }
        }
        if message.contains("range") {
            return "a range must be two dates, e.g. 2024-01-01..2024-03-31 (\(message))."
        }
        return message.hasSuffix(".") ? message : message + "."
    }
}

/// Open read-only databases, each lent to one search at a time.
final class DatabaseCache: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var entries: [(key: String, database: XDatabase)] = []
    static let capacity = 16

    /// A database for `key` brought up to the latest committed revision, or nil.
    func checkOut(_ key: String) -> XDatabase? {
        lock.lock()
        let index = entries.lastIndex { $0.key == key }
        let found = index.map { entries.remove(at: $0).database }
        lock.unlock()
        guard let found else { return nil }
        do {
            try found.reopen()
        } catch {
            return nil
        }
        return found
    }

    func checkIn(_ key: String, _ database: XDatabase) {
        lock.lock()
        entries.append((key, database))
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        lock.unlock()
    }
}
