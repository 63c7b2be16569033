import EvidenceSearch
import EvidenceStore
import Foundation
import SearchIndex

extension EvidenceService {
    /// Searches what the user may search: the indexes are caught up first, and the search is
    /// recorded in the ledger of every case searched before any result is returned.
    public func search(_ context: UserContext, _ query: SearchQuery, wait: Double = 0) async throws -> SearchResults {
        try query.check()
        let user = try signedIn(context)
        return try await perform(context, writes: true) { session in
            let scope = try session.searchScope(caseReferences: query.cases, reason: query.reason, wait: wait)
            let request = query.request(within: scope)
            // One index writer per case folder: this user's searches and indexing take turns.
            let outcome = try user.indexing.withLock { _ in
                try CaseSearch(session: session, indexer: self.indexer(session))
                    .run(request, scope: scope, reason: query.reason, wait: wait)
            }
            let references = Dictionary(scope.cases.map { ($0.id, $0.reference ?? $0.id) }, uniquingKeysWith: { first, _ in first })
            return SearchResults(
                result: outcome.result, cases: scope.cases.map { $0.reference ?? $0.id },
                staleCases: outcome.states.filter { !$0.isCurrent }.map {
                    SearchResults.StaleCase(caseReference: references[$0.caseID] ?? $0.caseID, pendingEvents: $0.pendingEvents)
                },
                searched: scope.cases.map { caseRecord in
                    let state = outcome.states.first { $0.caseID == caseRecord.id }
                    return SearchResults.SearchedCase(
                        id: caseRecord.id, reference: caseRecord.reference ?? caseRecord.id,
                        hits: outcome.hitsByCase[caseRecord.id] ?? 0, indexWatermark: state?.watermark,
                        ledgerSize: state?.ledgerSize ?? 0, pendingEvents: state?.pendingEvents ?? 0,
                        indexCurrent: state?.isCurrent ?? false)
                })
        }
    }

    /// The indexer of a session's user, extracting text as configured.
    func indexer(_ session: Session) -> CaseIndexer {
        let extractor: TextExtractor = configuration.extractor.map { ExtractionClient($0) } ?? InProcessExtractor()
        let indexer = CaseIndexer(session: session, extractor: extractor)
        if let progress = configuration.indexProgress { indexer.progress = { progress($0, $1, $2) } }
        return indexer
    }

    /// Catches a case's index up for the session's user; returns the parts recorded as items.
    func catchUpIndex(_ session: Session, user: SignedInUser, caseReference: String, wait: Double) throws -> Int {
        try user.indexing.withLock { _ in try indexer(session).catchUp(caseReference: caseReference, wait: wait) } ?? 0
    }

    /// Catches up after a commit that already stands: a failure is logged, not thrown (the
    /// next search catches up first). Returns the parts recorded, or nil when it failed.
    @discardableResult
    func catchUpIndexQuietly(_ session: Session, user: SignedInUser, caseReference: String, wait: Double) -> Int? {
        do {
            return try catchUpIndex(session, user: user, caseReference: caseReference, wait: wait)
        } catch {
            logger.warning("indexing after a commit failed; the next search catches up",
                           metadata: ["error": "\(ServiceError.from(error).kind)"])
            return nil
        }
    }

    /// Indexes a case after an add, on a thread of its own; a failure waits for the next
    /// search, which catches up first.
    func indexInBackground(_ user: SignedInUser, caseReference: String) {
        backgroundRuns.withLock { $0 += 1 }
        let thread = Thread {
            defer { self.backgroundRuns.withLock { $0 -= 1 } }
            do {
                guard let session = try user.borrow(open: self.openSession) else { return }
                defer { user.giveBack(session, keep: true) }
                try session.refresh()
                _ = try self.catchUpIndex(session, user: user, caseReference: caseReference, wait: 0)
            } catch {
                self.logger.warning("background indexing failed; the next search catches up",
                                    metadata: ["error": "\(ServiceError.from(error).kind)"])
            }
        }
        thread.start()
    }

    /// Waits until no background indexing runs (for an orderly shutdown, and tests).
    public func waitForBackgroundWork() async {
        while backgroundRuns.withLock({ $0 }) > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
