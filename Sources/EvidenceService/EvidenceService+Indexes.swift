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

    /// How text extraction went for each item of the cases the user may search (all of them
    /// when `references` is empty), after catching their indexes up (`evidence extraction-report`).
    public func extractionReport(_ context: UserContext, caseReferences references: [String] = [],
                                 wait: Double = 0) async throws -> [ExtractionOutcome] {
        let user = try signedIn(context)
        return try await perform(context, writes: true) { session in
            let targets = try SearchableCases.resolve(references, session: session, wait: wait)
            let indexer = self.indexer(session)
            _ = try user.indexing.withLock { _ in try indexer.catchUp(targets, wait: wait) }
            var rows: [ExtractionOutcome] = []
            for caseRecord in targets {
                let reference = caseRecord.reference ?? caseRecord.id
                let indexed = try CaseIndex.indexedItems(path: indexer.indexPath(caseID: caseRecord.id))
                // Only items this user may see are named.
                for item in try session.listItems(caseReference: caseRecord.id) {
                    let found = indexed[item.id]
                    rows.append(ExtractionOutcome(
                        itemID: item.id, caseReference: reference, outcome: found?.extraction ?? "not-indexed",
                        reason: found?.extractionReason ?? (found == nil ? "the index of this host has not caught up with it" : nil),
                        kind: item.kind ?? "other", mediaType: item.mediaType ?? "", name: item.name, exhibitRef: item.exhibitRef))
                }
            }
            return rows
        }
    }
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
