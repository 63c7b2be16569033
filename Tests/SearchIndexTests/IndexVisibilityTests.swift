import Foundation
import Testing
@testable import SearchIndex

/// The security property: for a user who may not see an item (its case is not listed, its
/// classification is not allowed, or it is sensitive and they may not see sensitive
/// material), every figure a search returns (totals, hits and their order, scores and
/// percentages, facets, snippets, spelling suggestions) is identical to what the same search
/// returns over a repository that never contained the item.
@Suite struct IndexVisibilityTests {
    struct User: CustomStringConvertible {
        var name: String
        var cases: Set<String>
        var classifications: Set<String>
        var includeSensitive: Bool
        /// Sensitive material of these cases only (a role that sees it in one case, not another).
        var sensitiveCases: Set<String> = []
        var description: String { name }

        func maySee(_ d: IndexDocument) -> Bool {
            cases.contains(d.caseID)
                && classifications.map(IndexSchema.normalise).contains(IndexSchema.normalise(d.classification))
                && (includeSensitive || !d.sensitive || sensitiveCases.contains(d.caseID))
        }
    }

    static let users = [
        User(name: "case A, OFFICIAL", cases: [IndexCorpus.caseA], classifications: ["OFFICIAL"], includeSensitive: false),
        User(name: "both, up to OFFICIAL-SENSITIVE", cases: [IndexCorpus.caseA, IndexCorpus.caseB],
             classifications: ["OFFICIAL", "OFFICIAL-SENSITIVE"], includeSensitive: false),
        User(name: "both, OFFICIAL+SECRET, sensitive", cases: [IndexCorpus.caseA, IndexCorpus.caseB],
             classifications: ["OFFICIAL", "secret"], includeSensitive: true),
        User(name: "case B, everything", cases: [IndexCorpus.caseB],
             classifications: ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"], includeSensitive: true),
        User(name: "both, everything, sensitive of case A only", cases: [IndexCorpus.caseA, IndexCorpus.caseB],
             classifications: ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"], includeSensitive: false,
             sensitiveCases: [IndexCorpus.caseA]),
        User(name: "both, everything, sensitive of case B only", cases: [IndexCorpus.caseA, IndexCorpus.caseB],
             classifications: ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"], includeSensitive: false,
             sensitiveCases: [IndexCorpus.caseB]),
    ]

    /// Words of hidden items (Kingsley, Zebedee, Marmaduke, Quartermaine), their misspellings,
    /// words shared with visible items (warehouse, jewellery, burglar), filters on hidden
    /// metadata, wildcards, ranges and the match-all query.
    static let queries = [
        "", "jewellery", "warehouse", "burglar", "harbour warehouse", "jewellery OR warehouse OR burglar",
        "kingsley", "kingsly", "zebedee", "zebede", "marmaduke", "marmaduk", "quartermaine", "quartermain",
        "informant", "informat", "surveillance", "survelance", "wiretap", "jewelery", "warehose",
        "kings*", "marm*", "ware*", "jewel* NOT garage", "\"the warehouse\"", "warehouse NEAR jewellery",
        "2024-03-01..2024-03-31", "2024-01-01..2024-12-31 jewellery", "by:\"DS Rachel Green\"",
        "kind:intelligence", "kind:surveillance OR kind:exhibit", "sensitive:yes", "sensitive:no", "class:secret",
        "class:official-sensitive", "penhaligon", "penhaligan", "containers", "night", "case:OP-HARBOUR", "case:OP-LANTERN warehouse", "NOT jewellery", "title:intelligence",
    ]

    @Test(arguments: users)
    func hiddenItemsLeaveNoTrace(_ user: User) throws {
        let fixture = try IndexFixture()
        let all = try IndexCorpus.documents()
        let visible = all.filter(user.maySee)
        #expect(visible.count < all.count)
        let withHidden = try fixture.build(all, set: "with")
        let withoutHidden = try fixture.build(visible, set: "without")
        let searcher = Searcher()
        for query in Self.queries {
            for sort in [SearchRequest.Sort.relevance, .dateDescending] {
                let request = SearchRequest(
                    query: query, caseIDs: user.cases, classifications: user.classifications,
                    includeSensitive: user.includeSensitive, sensitiveCaseIDs: user.sensitiveCases, limit: 50, sort: sort, wantFacets: true,
                    wantSpelling: true, exactTotal: true)
                let a = try searcher.search(request, indexes: withHidden)
                let b = try searcher.search(request, indexes: withoutHidden)
                #expect(a == b, "\(user): \(query)")
                #expect(a.hits.allSatisfy { hit in visible.contains { $0.itemID == hit.itemID } }, "\(user): \(query)")
                // Estimated totals too, on a small page.
                var paged = request
                paged.limit = 1
                paged.exactTotal = false
                paged.wantFacets = false
                #expect(try searcher.search(paged, indexes: withHidden) == searcher.search(paged, indexes: withoutHidden),
                        "\(user): \(query) (one hit)")
            }
        }
    }

    /// The test has teeth: the hidden items are in the index, are found by a user who may
    /// see them, and change the statistics (scores) where they are searched together.
    @Test func hiddenItemsAreThereForThoseWhoMaySeeThem() throws {
        let fixture = try IndexFixture()
        let indexes = try fixture.build(try IndexCorpus.documents())
        let everyone = SearchRequest(query: "warehouse", caseIDs: [IndexCorpus.caseA, IndexCorpus.caseB],
                                     classifications: ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"],
                                     includeSensitive: true, limit: 50, wantSpelling: true)
        let seeAll = try Searcher().search(everyone, indexes: indexes)
        #expect(IndexCorpus.ids(seeAll) == ["a4", "a6", "a7", "a8", "b1", "b2"])
        var officialOnly = everyone
        officialOnly.classifications = ["OFFICIAL"]
        officialOnly.includeSensitive = false
        let limited = try Searcher().search(officialOnly, indexes: indexes)
        #expect(IndexCorpus.ids(limited) == ["a4", "b1", "b2"])
        let scoreAll = seeAll.hits.first { $0.itemID == "a4" }?.score
        let scoreLimited = limited.hits.first { $0.itemID == "a4" }?.score
        #expect(scoreAll != scoreLimited)
        var spelling = everyone
        spelling.query = "kingsly"
        #expect(try Searcher().search(spelling, indexes: indexes).spellingSuggestion == "kingsley")
        spelling.classifications = ["OFFICIAL"]
        spelling.includeSensitive = false
        #expect(try Searcher().search(spelling, indexes: indexes).spellingSuggestion == nil)
    }
}
