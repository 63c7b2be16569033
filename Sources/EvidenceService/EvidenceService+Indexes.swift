import EvidenceSearch
import EvidenceStore
import SearchIndex

extension EvidenceService {
    /// The cases the user may search among `references` (all of them when empty); a case
    /// they may not search is refused, and the refusal recorded.
    public func searchableCases(_ context: UserContext, references: [String] = [], wait: Double = 0) async throws -> [CaseRecord] {
        try await perform(context) { session in try SearchableCases.resolve(references, session: session, wait: wait) }
    }

    /// Deletes this host's index of a case the user may search and builds it again from the
    /// objects (`evidence reindex`): the index is a projection, so the results are the same.
    public func rebuildIndex(_ context: UserContext, caseReference: String, wait: Double = 0) async throws -> IndexRebuild {
        let user = try signedIn(context)
        return try await perform(context, writes: true) { session in
            guard let caseRecord = try SearchableCases.resolve([caseReference], session: session, wait: wait).first else {
                throw ServiceError(.notFound, "No case \(caseReference).", field: "case")
            }
            let reference = caseRecord.reference ?? caseRecord.id
            let outcome = try user.indexing.withLock { _ in try self.indexer(session).rebuild(caseRecord, wait: wait) }
            switch outcome {
            case .busy:
                throw ServiceError(.busy, "The search index of case \(reference) is being written by another process; try again when it has finished.")
            case .indexed(let items, let derived):
                return IndexRebuild(caseReference: reference, items: items, derivedParts: derived)
            }
        }
    }

    /// The cases an extraction report covers (`evidence extraction-report`): those the user
    /// may search (all of them when `references` is empty), in order, with their indexes
    /// brought up to date first. `extractionReport(caseID:)` then pages through each.
    public func extractionReportCases(_ context: UserContext, caseReferences references: [String] = [],
                                      wait: Double = 0) async throws -> [CaseRecord] {
        let user = try signedIn(context)
        return try await perform(context, writes: true) { session in
            let targets = try SearchableCases.resolve(references, session: session, wait: wait)
            let indexer = self.indexer(session)
            _ = try user.indexing.withLock { _ in try indexer.catchUp(targets, wait: wait) }
            return targets
        }
    }

    /// One page of a searchable case's items the user may see, oldest first, with how text
    /// extraction went for each as this host's index records it (not-indexed when the index
    /// has not caught up with it). Each item's document is looked up on its own, so a page
    /// costs what it holds, whatever the case holds.
    public func extractionReport(_ context: UserContext, caseID: String, after: String? = nil, limit: Int = 100,
                                 wait: Double = 0) async throws -> ExtractionPage {
        try await perform(context) { session in
            guard let caseRecord = try SearchableCases.resolve([caseID], session: session, wait: wait).first else {
                throw EvidenceError(.denied, "You may not search case \(caseID).")
            }
            let page = try ItemPage.load(session, caseReference: caseRecord.id, after: after, limit: limit, wait: wait)
            let contents = try IndexContents(path: self.indexer(session).indexPath(caseID: caseRecord.id))
            let reference = caseRecord.reference ?? caseRecord.id
            let rows = try page.items.map { item in
                let found = try contents.document(of: item.id)
                return ExtractionOutcome(
                    itemID: item.id, caseReference: reference, outcome: found?.extraction ?? "not-indexed",
                    reason: found?.extractionReason ?? (found == nil ? "the index of this host has not caught up with it" : nil),
                    kind: item.kind ?? "other", mediaType: item.mediaType ?? "", name: item.name, exhibitRef: item.exhibitRef)
            }
            return ExtractionPage(rows: rows, nextAfter: page.nextAfter)
        }
    }
}

/// One page of an extraction report, and where the next starts.
public struct ExtractionPage: Sendable, Codable, Equatable {
    public var rows: [ExtractionOutcome]
    /// The item to pass as `after` for the next page; nil on the last page.
    public var nextAfter: String?
}

/// A case's index rebuilt: the items indexed, and the parts recorded as items for the first time.
public struct IndexRebuild: Sendable, Codable, Equatable {
    public var caseReference: String
    public var items: Int
    public var derivedParts: Int
}

/// How text extraction went for one item: ok, partial, failed, no-text-layer, unsupported,
/// or not-indexed (this host's index has not caught up with it), and why when not ok.
public struct ExtractionOutcome: Sendable, Codable, Equatable {
    public var itemID: String
    public var caseReference: String
    public var outcome: String
    public var reason: String?
    public var kind: String
    public var mediaType: String
    public var name: String?
    public var exhibitRef: String?
}
