/// A search: the query text, what the user may see, and how to present the results.
public struct SearchRequest: Sendable, Equatable {
    public enum Sort: String, Sendable, Equatable, Codable {
        /// Best match first (BM25); equal weights in the order the items were recorded.
        case relevance
        /// Oldest first (chronological, as a schedule lists material); ties by relevance.
        case date
        /// Newest first; ties by relevance.
        case dateDescending = "date-descending"
    }

    public enum DefaultOperator: String, Sendable, Equatable, Codable {
        /// Every word must match (`burglary jewellery` = `burglary AND jewellery`).
        case and
        /// Any word may match, best matches first (natural-language queries).
        case or
    }

    /// Most hits one request may ask for.
    public static let maxLimit = 1000
    /// Deepest page one request may ask for.
    public static let maxOffset = 1_000_000

    /// Xapian QueryParser syntax (see `Searcher`). Empty: every visible item.
    public var query: String
    /// Visibility: the cases the user may see (only these cases' databases are opened), the
    /// classifications they may see (normalised like the index: case-insensitive), and
    /// whether they may see sensitive (MG6D) material. Applied inside the Xapian query as a
    /// boolean filter, and by opening only the matching visibility shards.
    public var caseIDs: Set<String>
    public var classifications: Set<String>
    /// Sensitive material of every visible case.
    public var includeSensitive: Bool
    /// Sensitive material of these cases only (whether a user sees sensitive material
    /// depends on their role in each case).
    public var sensitiveCaseIDs: Set<String>
    /// Extra filter: only these kinds (empty: all).
    public var kinds: Set<String>
    public var offset: Int
    public var limit: Int
    public var sort: Sort
    public var defaultOperator: DefaultOperator
    /// Facet counts by case, kind, media type, officer, month and camera make and model over
    /// every match.
    public var wantFacets: Bool
    /// A corrected query when a word is not in any visible item.
    public var wantSpelling: Bool
    /// Snippets with the matched words highlighted (MSet::snippet costs ~0.2 ms a hit of
    /// 4 KiB text: leave them out where only ids and counts are needed).
    public var wantSnippets: Bool
    /// Count the matches exactly (otherwise Xapian may estimate beyond the page; facets
    /// imply an exact count).
    public var exactTotal: Bool
    /// Count the matches of each case by visibility class (`SearchResult.classCounts`), over
    /// every match: what a search record says it found (implies an exact count).
    public var wantClassCounts = false

    /// Whether sensitive material of `caseID` is visible.
    public func seesSensitive(in caseID: String) -> Bool {
        includeSensitive || sensitiveCaseIDs.contains(caseID)
    }

    public init(query: String, caseIDs: Set<String>, classifications: Set<String> = ["OFFICIAL"],
                includeSensitive: Bool = false, sensitiveCaseIDs: Set<String> = [], kinds: Set<String> = [], offset: Int = 0, limit: Int = 20,
                sort: Sort = .relevance, defaultOperator: DefaultOperator = .and, wantFacets: Bool = false,
                wantSpelling: Bool = false, wantSnippets: Bool = true, exactTotal: Bool = false) {
        self.query = query
        self.caseIDs = caseIDs
        self.classifications = classifications
        self.includeSensitive = includeSensitive
        self.sensitiveCaseIDs = sensitiveCaseIDs
        self.kinds = kinds
        self.offset = offset
        self.limit = limit
        self.sort = sort
        self.defaultOperator = defaultOperator
        self.wantFacets = wantFacets
        self.wantSpelling = wantSpelling
        self.wantSnippets = wantSnippets
        self.exactTotal = exactTotal
    }
}

/// What a search found.
public struct SearchResult: Sendable, Equatable, Codable {
    public struct Total: Sendable, Equatable, Codable {
        /// Xapian's estimate of the matches, between the bounds.
        public var estimated: Int
        public var lowerBound: Int
        public var upperBound: Int
        /// The exact count, when known (the bounds meet).
        public var exact: Int? { lowerBound == upperBound ? lowerBound : nil }
    }

    public var total: Total
    public var hits: [SearchHit]
    /// Present when facets were asked for.
    public var facets: Facets?
    /// A corrected query (lower-cased as parsed) when spelling was asked for and a word is
    /// not in any visible item.
    public var spellingSuggestion: String?
    /// The query as prepared for the parser (free text lower-cased, filter values normalised).
    public var preparedQuery: String
    /// When class counts were asked for: matches per case and visibility class, each value
    /// "<case id>:<shard name>" (`IndexSchema.classValue`).
    public var classCounts: [FacetCount]?

    /// The visibility classes of the matches in one case, from `classCounts`: (classification as
    /// the index normalised it, sensitive).
    public func matchClasses(caseID: String) -> [(classification: String, sensitive: Bool)] {
        (classCounts ?? []).compactMap { count in
            guard count.count > 0, let shard = IndexSchema.shard(ofClassValue: count.value, caseID: caseID) else { return nil }
            return IndexSchema.visibilityClass(ofShard: shard)
        }
    }
}

/// One hit, displayable without the catalog.
public struct SearchHit: Sendable, Equatable, Codable {
    public var itemID: String
    public var parentID: String?
    public var caseID: String
    public var caseReference: String
    public var kind: String
    public var exhibitRef: String?
    /// The file name.
    public var name: String?
    public var title: String?
    public var mediaType: String
    public var officer: String?
    public var classification: String
    public var sensitive: Bool
    public var disclosureStatus: String
    /// How text extraction went ("ok", "partial", "failed", "no-text-layer", "unsupported").
    public var extraction: String
    public var extractionReason: String?
    /// Milliseconds since 1970 UTC.
    public var date: Int64
    /// 1-based position in the whole result list.
    public var rank: Int
    /// Xapian's percentage (relative to the best match) and BM25 weight.
    public var percent: Int
    public var score: Double
    /// Empty when snippets were not asked for.
    public var snippet: Snippet
}

/// Facet counts over every match of a search (never counting what the user may not see).
public struct Facets: Sendable, Equatable, Codable {
    public var cases: [FacetCount]
    public var kinds: [FacetCount]
    public var mediaTypes: [FacetCount]
    public var officers: [FacetCount]
    /// "YYYY-MM" (UTC).
    public var months: [FacetCount]
    /// Photos by their EXIF camera make and model, as written ("Google", "Pixel 7").
    public var cameraMakes: [FacetCount]
    public var cameraModels: [FacetCount]
}

public struct FacetCount: Sendable, Equatable, Codable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}
