import ArgumentParser
import EvidenceSearch
import EvidenceService
import EvidenceStore
import Foundation
import SearchIndex

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the text and metadata of the cases you may search.",
        discussion: """
            QUERY uses Xapian's syntax: words (all must match; --any for any), AND, OR, NOT, parentheses, \
            "phrases", NEAR (within 10 words; NEAR/5), wildcards (burg*), fields case:, kind:, ref:, by:, \
            name:, file:, type:, hash:, status:, class:, sensitive:, extraction:, title:, subject:, from:, \
            to:, cc:, camera: (a photo's EXIF make and model, camera:"pixel 7"), date ranges \
            2024-01-01..2024-03-31, and taken:2024-03-14..2024-03-14 (the day a photo was taken, by the \
            camera's clock). Free text is lower-cased before parsing (so \
            "Burglary" is stemmed like "burglary"); operators and field values are not. The index is \
            brought up to date first; the search, with its query, filters and hit counts, is recorded in \
            the ledger of each case searched before any result is shown.
            """
    )

    /// Longest query accepted (a search record must fit one ledger entry).
    static let maxQueryBytes = SearchQuery.maxQueryBytes
    static let maxLimit = SearchQuery.maxLimit

    @Argument(help: "The query (empty: every item you may see).")
    var query: String

    @Option(name: .customLong("case"), help: ArgumentHelp("Search only this case (reference or id); repeatable.", valueName: "REF"))
    var cases: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only items of this kind; repeatable.", valueName: "KIND"))
    var kind: [String] = []

    @Option(name: .long, help: "How many hits to show (1-500).")
    var limit = 20

    @Option(name: .long, help: "How many hits to skip (for the next page).")
    var offset = 0

    @Option(name: .long, help: "relevance, date (oldest first) or date-descending.")
    var sort = "relevance"

    @Flag(name: .long, help: "Show counts by case, kind, media type, officer, month and camera make and model.")
    var facets = false

    @Flag(name: .long, help: "Match items with any of the words, best first (default: all of them).")
    var any = false

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    /// Checked inside `run` (not as ArgumentParser's `validate`) so that a bad value exits 64
    /// with one sentence, like every other refusal.
    func checkArguments() throws {
        guard query.utf8.count <= Self.maxQueryBytes else {
            throw EvidenceError(.usage, "The query is limited to \(Self.maxQueryBytes) bytes.")
        }
        guard (1...Self.maxLimit).contains(limit) else {
            throw EvidenceError(.usage, "--limit takes 1 to \(Self.maxLimit).")
        }
        guard (0...SearchRequest.maxOffset).contains(offset) else {
            throw EvidenceError(.usage, "--offset takes 0 to \(SearchRequest.maxOffset).")
        }
        guard SearchRequest.Sort(rawValue: sort) != nil else {
            throw EvidenceError(.usage, "--sort takes relevance, date or date-descending.")
        }
    }

    func run() throws {
        try CommandRunner.run {
            try checkArguments()
            let (query, wait) = (makeQuery(), try user.waitSeconds())
            let outcome = try user.signIn(repository).run { try await $0.search($1, query, wait: wait) }
            for stale in outcome.staleCases {
                Output.warn("The search index of case \(stale.caseReference) is \(stale.pendingEvents) change\(stale.pendingEvents == 1 ? "" : "s") behind the ledger (another process is indexing it): recent items may be missing from these results.")
            }
            if output.json {
                Output.json(SearchOutput.json(outcome))
            } else {
                SearchOutput.print(outcome, showFacets: facets, query: self.query)
            }
        }
    }

    func makeQuery() -> SearchQuery {
        var request = SearchQuery(text: query)
        request.cases = cases
        request.kinds = kind
        request.offset = offset
        request.limit = limit
        request.sort = SearchRequest.Sort(rawValue: sort) ?? .relevance
        request.anyWord = any
        request.reason = user.reasonText()
        return request
    }
}
