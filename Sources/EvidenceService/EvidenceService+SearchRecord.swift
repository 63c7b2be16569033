import EvidenceStore
import Foundation

extension EvidenceService {
    /// Every search recorded on a case, from the ledger (`evidence disclosure searches`), for
    /// whoever may read the case's events. With `rerun`, each is run again in this case alone
    /// and its hit count now is given beside the count then; the re-runs are searches, each
    /// recorded in the ledger like any other (after the list was read, so not in it).
    public func searchRecord(_ context: UserContext, caseReference: String, rerun: Bool = false,
                             wait: Double = 0) async throws -> SearchRecordReport {
        let (reference, searches) = try await perform(context) { session -> (String, [RecordedSearch]) in
            let caseRecord = try session.findCase(caseReference, for: .viewMetadata, wait: wait)
            let reference = caseRecord.reference ?? caseRecord.id
            var searches: [RecordedSearch] = []
            var after: Int64?
            repeat {
                let page = try EventPage.load(session, itemID: nil, caseReference: caseRecord.id,
                                              types: [SearchRunEvent.type], after: after, limit: EventPage.maxLimit,
                                              wait: wait)
                for event in page.events where event.invalid == nil {
                    guard let typed = TypedEntry<SearchRunEvent>(event, names: page.userNames, cases: [:]) else { continue }
                    searches.append(RecordedSearch(typed))
                }
                after = page.nextAfter
            } while after != nil
            return (reference, searches)
        }
        guard rerun else { return SearchRecordReport(caseReference: reference, searches: searches, rerun: false) }
        var checked: [RecordedSearch] = []
        for var search in searches {
            if let again = search.rerunQuery(caseReference: reference) {
                do {
                    let results = try await self.search(context, again, wait: wait)
                    search.hitsNow = results.searched.first?.hits ?? 0
                } catch {
                    // A query this version no longer accepts: said in the record, not fatal.
                    let problem = ServiceError.from(error)
                    guard problem.kind == .invalidRequest else { throw problem }
                    search.rerunProblem = problem.message
                }
            } else {
                search.rerunProblem = "the query is sealed from you"
            }
            checked.append(search)
        }
        return SearchRecordReport(caseReference: reference, searches: checked, rerun: true)
    }
}
