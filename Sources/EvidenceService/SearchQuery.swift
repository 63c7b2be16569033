import EvidenceStore
import SearchIndex

/// A search as a user asks it. The service decides which cases and items it may look at.
public struct SearchQuery: Sendable, Codable, Equatable {
    /// Xapian's query syntax (empty: every item the user may see).
    public var text: String
    /// Cases to search (references or ids); empty: every case the user may search.
    public var cases: [String] = []
    public var kinds: [String] = []
    public var offset = 0
    public var limit = 20
    public var sort: SearchRequest.Sort = .relevance
    /// Match any word (default: all).
    public var anyWord = false
    public var reason: String?

    public init(text: String) { self.text = text }

    /// Longest query accepted (a search record must fit one ledger entry).
    public static let maxQueryBytes = 4096
    public static let maxLimit = 500

    /// The index request for this query within `scope` (which the searcher enforces whatever
    /// the request says), asking for facets, spelling, snippets and an exact total.
    public func request(within scope: SearchScope) -> SearchRequest {
        SearchRequest(
            query: text, caseIDs: Set(scope.cases.map(\.id)), classifications: scope.classifications,
            includeSensitive: false, sensitiveCaseIDs: scope.sensitiveCaseIDs, kinds: Set(kinds), offset: offset,
            limit: limit, sort: sort, defaultOperator: anyWord ? .or : .and,
            wantFacets: true, wantSpelling: true, wantSnippets: true, exactTotal: true)
    }

    func check() throws {
        guard text.utf8.count <= Self.maxQueryBytes else {
            throw ServiceError(.invalidRequest, "The query is limited to \(Self.maxQueryBytes) bytes.", field: "query")
        }
        guard (1...Self.maxLimit).contains(limit) else {
            throw ServiceError(.invalidRequest, "A page of hits holds 1 to \(Self.maxLimit).", field: "limit")
        }
        guard (0...SearchRequest.maxOffset).contains(offset) else {
            throw ServiceError(.invalidRequest, "The offset takes 0 to \(SearchRequest.maxOffset).", field: "offset")
        }
    }
}

/// What a search found: the hits (with snippets where the user may read content), facets,
/// a spelling suggestion, and the cases whose index was behind the ledger.
public struct SearchResults: Sendable, Codable, Equatable {
    public var result: SearchResult
    /// References of the cases searched.
    public var cases: [String]
    /// Cases whose index lagged the ledger (another process was indexing): recent items may be missing.
    public var staleCases: [StaleCase]
    /// Every case searched, in the order of `cases`, with its hits and its index's state.
    public var searched: [SearchedCase] = []

    public struct SearchedCase: Sendable, Codable, Equatable {
        public var id: String
        public var reference: String
        public var hits: Int
        /// The ledger size the case's index has caught up to (nil: never built).
        public var indexWatermark: UInt64?
        public var ledgerSize: UInt64
        public var pendingEvents: Int
        public var indexCurrent: Bool
    }

    public struct StaleCase: Sendable, Codable, Equatable {
        public var caseReference: String
        public var pendingEvents: Int
    }
}
