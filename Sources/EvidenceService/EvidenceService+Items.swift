import EvidenceStore
import Foundation

extension EvidenceService {
    /// Adds files to a case. Each item is reported only once the checkpoint covering it is
    /// durable; concurrent adds (of any users) share checkpoints. Indexing for search follows
    /// `Configuration.indexing`.
    public func add(_ context: UserContext, _ request: AddRequest, wait: Double = 0) async throws -> AddResult {
        let options = try request.options(wait: wait)
        let user = try signedIn(context)
        let indexing = configuration.indexing
        let result = try await perform(context, writes: true) { session in
            var items: [AddedItem] = []
            let outcome = try session.add(paths: request.paths, options: options, warn: { _ in }) { items.append($0) }
            var derived = 0
            if indexing == .inline, !items.isEmpty {
                derived = try self.catchUpIndex(session, user: user, caseReference: request.caseReference, wait: wait)
            }
            if items.isEmpty, let failure = outcome.failure { throw failure }
            return AddResult(items: items, refused: outcome.changed.map(\.path), derivedParts: derived)
        }
        if indexing == .background, !result.items.isEmpty {
            indexInBackground(user, caseReference: request.caseReference)
        }
        return result
    }

    /// An item as the user may see it (`evidence show`).
    public func item(_ context: UserContext, id: String, wait: Double = 0) async throws -> ItemDetail {
        try await perform(context) { session in try ItemDetail.load(session, itemID: id, wait: wait) }
    }

    /// A page of the items the user may see, of one case or of all, oldest first.
    public func items(_ context: UserContext, caseReference: String? = nil, after: String? = nil, limit: Int = 100,
                      wait: Double = 0) async throws -> ItemPage {
        try await perform(context) { session in
            try ItemPage.load(session, caseReference: caseReference, after: after, limit: limit, wait: wait)
        }
    }

    /// A page of the ledger events the user may see (of one item or case when given).
    public func events(_ context: UserContext, itemID: String? = nil, caseID: String? = nil, types: Set<String> = [],
                       after: Int64? = nil, limit: Int = 100, wait: Double = 0) async throws -> EventPage {
        try await perform(context) { session in
            try EventPage.load(session, itemID: itemID, caseID: caseID, types: types, after: after, limit: limit, wait: wait)
        }
    }

    /// The cases the user may see.
    public func cases(_ context: UserContext) async throws -> [CaseRecord] {
        try await perform(context) { session in try session.listCases() }
    }

    /// Writes an item's original bytes to `path` (`evidence get`): the read is recorded first,
    /// every chunk is checked before it is written, and the whole is checked against the
    /// recorded SHA-256 before the file is named; a failure leaves no copy.
    public func download(_ context: UserContext, itemID: String, to path: String, replacing: Bool = false,
                         reason: String? = nil, wait: Double = 0) async throws -> ItemRecord {
        try await perform(context, writes: true) { session in
            try session.get(itemID: itemID, output: path, force: replacing, reason: reason, wait: wait)
        }
    }
}
