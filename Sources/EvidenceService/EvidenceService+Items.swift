import EvidenceStore
import Foundation

extension EvidenceService {
    /// Adds files to a case. Each item is reported only once the checkpoint covering it is
    /// durable; concurrent adds (of any users) share checkpoints. Indexing for search follows
    /// `Configuration.indexing`.
    /// A failure of indexing does not fail the add: the items stand (`AddResult.indexingFailure`).
    public func add(_ context: UserContext, _ request: AddRequest, wait: Double = 0,
                    observer: AddObserver = AddObserver()) async throws -> AddResult {
        try await add(context, request, recordedName: nil, wait: wait, observer: observer)
    }

    /// `add`, recording the one file under `recordedName` instead of its own name when given
    /// (an upload's spool file, recorded under the client's name).
    func add(_ context: UserContext, _ request: AddRequest, recordedName: String?, wait: Double,
             observer: AddObserver) async throws -> AddResult {
        let options = try ServiceError.mapping {
            var options = try request.options(wait: wait)
            options.originalName = recordedName
            return options
        }
        guard !request.files.isEmpty else {
            throw ServiceError(.invalidRequest, "Name at least one file to add.", field: "paths")
        }
        let user = try signedIn(context)
        let indexing = request.index ? configuration.indexing : .atNextSearch
        let result = try await perform(context, writes: true) { session in
            var items: [AddedItem] = []
            let outcome = try session.add(paths: request.files, options: options, warn: observer.warn,
                                          progress: observer.progress) { item in
                items.append(item)
                observer.item(item)
            }
            if items.isEmpty, let failure = outcome.failure { throw failure }
            var result = AddResult(items: items, refused: outcome.changed.map(\.path), derivedParts: 0,
                                   failure: outcome.failure.map(ServiceError.from))
            if indexing == .inline, !items.isEmpty {
                do {
                    result.derivedParts = try self.catchUpIndex(session, user: user, caseReference: request.caseReference,
                                                                wait: wait)
                } catch {
                    result.indexingFailure = ServiceError.from(error)
                }
            }
            return result
        }
        if indexing == .background, !result.items.isEmpty {
            indexInBackground(user, caseReference: request.caseReference)
        }
        return result
    }

    /// Records a physical exhibit: an item with no file, its continuity from the request
    /// (`exhibitRef` and `description` are required; no paths).
    public func addPhysical(_ context: UserContext, _ request: AddRequest, wait: Double = 0) async throws -> PhysicalItemAdded {
        let options = try ServiceError.mapping { try request.options(wait: wait) }
        guard request.files.isEmpty else {
            throw ServiceError(.invalidRequest, "A physical exhibit has no file: name none.", field: "paths")
        }
        try ServiceError.mapping { try options.validatePhysical() }
        let user = try signedIn(context)
        let indexing = request.index ? configuration.indexing : .atNextSearch
        let added = try await perform(context, writes: true) { session in
            let added = try session.addPhysical(options: options)
            var result = PhysicalItemAdded(itemID: added.itemID, caseID: added.caseID)
            // Its description and exhibit reference are searchable like any item's.
            if indexing == .inline {
                do {
                    _ = try self.catchUpIndex(session, user: user, caseReference: request.caseReference, wait: wait)
                } catch {
                    result.indexingFailure = ServiceError.from(error)
                }
            }
            return result
        }
        if indexing == .background { indexInBackground(user, caseReference: request.caseReference) }
        return added
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
    public func events(_ context: UserContext, itemID: String? = nil, caseReference: String? = nil,
                       types: Set<String> = [], after: Int64? = nil, limit: Int = 100,
                       wait: Double = 0) async throws -> EventPage {
        try await perform(context) { session in
            try EventPage.load(session, itemID: itemID, caseReference: caseReference, types: types, after: after,
                               limit: limit, wait: wait)
        }
    }

    /// The cases the user may see.
    public func cases(_ context: UserContext) async throws -> [CaseRecord] {
        try await perform(context) { session in try session.listCases() }
    }

    /// Writes an item's original bytes to `path` (`evidence get`): the read is recorded first,
    /// every chunk is checked before it is written, and the whole is checked against the
    /// recorded SHA-256 before the file is named; a failure leaves no copy.
    /// `warn` hears what the user should know about the destination (a device written into).
    public func download(_ context: UserContext, itemID: String, to path: String, replacing: Bool = false,
                         reason: String? = nil, wait: Double = 0,
                         warn: @escaping @Sendable (String) -> Void = { _ in }) async throws -> ItemRecord {
        try await perform(context, writes: true) { session in
            try session.get(itemID: itemID, output: path, force: replacing, reason: reason, wait: wait, warn: warn)
        }
    }

    /// The names of the repository's users by id, for showing who did what.
    public func userNames(_ context: UserContext) async throws -> [String: String] {
        try await perform(context) { session in try session.userNames() }
    }
}
