import EvidenceStore
import Foundation
import SearchIndex

/// What one search found, with the state of each index it used.
public struct SearchOutcome: Sendable {
    public var result: SearchResult
    /// Per case searched: how far its index was behind the ledger.
    public var states: [CaseIndexer.State]
    /// Matches per case id.
    public var hitsByCase: [String: Int]
}

/// A search as a user runs it: the indexes caught up, only what the scope allows searched,
/// and the search recorded in the ledger of every case searched before anything is shown.
public struct CaseSearch {
    let session: Session
    let indexer: CaseIndexer
    let searcher: Searcher

    public init(session: Session, indexer: CaseIndexer, searcher: Searcher = Searcher()) {
        self.session = session
        self.indexer = indexer
        self.searcher = searcher
    }

    public func run(_ request: SearchRequest, scope: SearchScope, reason: String?, wait: Double) throws -> SearchOutcome {
        indexer.prune()
        try indexer.catchUp(scope.cases, wait: wait)
        var states: [CaseIndexer.State] = []
        var indexes: [String: String] = [:]
        for caseRecord in scope.cases {
            let state = try indexer.state(of: caseRecord)
            states.append(state)
            if state.watermark != nil { indexes[caseRecord.id] = indexer.indexPath(caseID: caseRecord.id) }
        }
        // The scope decides, whatever the request says.
        var bounded = request
        bounded.caseIDs = Set(scope.cases.map(\.id))
        bounded.classifications = scope.classifications
        bounded.includeSensitive = false
        bounded.sensitiveCaseIDs = scope.sensitiveCaseIDs
        bounded.wantClassCounts = true
        var result = try searcher.search(bounded, indexes: indexes)
        // Where the user may search but not read content, a hit shows no passage of it.
        for index in result.hits.indices where !scope.contentCaseIDs.contains(result.hits[index].caseID) {
            result.hits[index].snippet = Snippet(segments: [])
        }
        var hitsByCase: [String: Int] = [:]
        for facet in result.facets?.cases ?? [] {
            if let caseRecord = scope.cases.first(where: { ($0.reference ?? $0.id) == facet.value }) {
                hitsByCase[caseRecord.id] = facet.count
            }
        }
        let total = result.total.exact ?? result.total.estimated
        let filters: [String: JSONValue] = [
            "cases": .array(scope.cases.map { .string($0.reference ?? $0.id) }),
            "kinds": .array(request.kinds.sorted().map(JSONValue.string)),
            "sort": .string(request.sort.rawValue), "operator": .string(request.defaultOperator.rawValue),
            "offset": .int(Int64(request.offset)), "limit": .int(Int64(request.limit)),
        ]
        let records = zip(scope.cases, states).map { caseRecord, state in
            let found = Self.joinedClass(result.matchClasses(caseID: caseRecord.id))
            return (caseID: caseRecord.id, record: SearchRecord(
                query: request.query, filters: filters, hitsInCase: hitsByCase[caseRecord.id] ?? 0, totalHits: total,
                shownItems: result.hits.filter { $0.caseID == caseRecord.id }.map(\.itemID),
                indexWatermark: state.watermark, ledgerSize: state.ledgerSize, pendingEvents: state.pendingEvents,
                classification: found.classification, sensitive: found.sensitive))
        }
        try session.recordSearch(records, reason: reason, wait: wait)
        return SearchOutcome(result: result, states: states, hitsByCase: hitsByCase)
    }

    /// The join of the classes of a case's matches: the highest classification (OFFICIAL <
    /// OFFICIAL-SENSITIVE < SECRET), sensitive if any match was; OFFICIAL and not sensitive
    /// without matches. A class this version does not know counts as the highest.
    static func joinedClass(_ classes: [(classification: String, sensitive: Bool)]) -> (classification: Classification, sensitive: Bool) {
        let order = Classification.allCases
        var highest = Classification.official
        var sensitive = false
        for found in classes {
            let classification = Classification(rawValue: found.classification.uppercased()) ?? .secret
            if let rank = order.firstIndex(of: classification), let current = order.firstIndex(of: highest), rank > current {
                highest = classification
            }
            sensitive = sensitive || found.sensitive
        }
        return (highest, sensitive)
    }
}
