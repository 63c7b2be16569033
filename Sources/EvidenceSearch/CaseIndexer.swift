import EvidenceStore
import Foundation
import Logging
import SearchIndex

/// Keeps a user's search indexes on this host caught up with the ledger: one index per case
/// they may search, at `<state>/<repository>/<user id>/index/<case id>`, each with the
/// ledger position it is built up to (its watermark) and a stamp of what the user could see
/// then (CaseIndexer+Visibility): an index holds only the items its user may see.
///
/// Indexing never stands in the way of a commit: it runs after items are committed (at the
/// end of `add`, or when `search` catches up), and an index another process is writing is
/// left to it (the search then says the index lags). Extraction outcomes never fail anything:
/// an item whose text cannot be extracted is indexed by its metadata, with the reason.
public final class CaseIndexer {
    /// Events that change what the index holds for an item.
    public static let indexedEventTypes: Set<String> = EventType.addsItem.union([EventType.itemAmended, EventType.itemDisposed])
    /// Rounds of "index, record the parts found, index those" (an mbox, its messages, their
    /// attachments, an attached email's attachments, …).
    static let maxDerivationRounds = 6

    let session: Session
    let extractor: TextExtractor
    let limits = ExtractionLimits()
    let logger = Logger(label: "evidence.index")
    /// Called with (case reference, items done, items to do) while a case is indexed.
    public var progress: ((String, Int, Int) -> Void)?
    /// Runs just before a catch-up round takes the index's write lock: tests use it to let
    /// another process index in between.
    var beforeTakingIndexLock: (() -> Void)?
    /// Called after each intermediate commit of a first build: tests use it to stop a build
    /// part-way.
    var afterFirstBuildCommit: (() throws -> Void)?
    /// Items a first build indexes between two commits. A first build of a large case takes
    /// minutes (extraction, then Xapian); each commit records how far it got, so an
    /// interrupted build goes on from there instead of from nothing.
    var firstBuildPage = 2_000

    public init(session: Session, extractor: TextExtractor) {
        self.session = session
        self.extractor = extractor
    }

    /// This user's index folders on this host.
    public var root: String { session.host.userDirectory(session.user.id) + "/index" }

    public func indexPath(caseID: String) -> String { root + "/" + caseID }

    /// How far one case's index is behind the ledger.
    public struct State: Sendable, Equatable {
        public var caseID: String
        /// The ledger position the index is built up to (nil: no index yet).
        public var watermark: UInt64?
        /// Ledger entries the catalog holds.
        public var ledgerSize: UInt64
        /// Events after the watermark that change the index (0: the index is current).
        public var pendingEvents: Int
        /// Items in the case that the index does not reflect yet (all of them when there is no index).
        public var pendingItems: Int

        public var isCurrent: Bool { watermark != nil && pendingEvents == 0 }
    }

    public func state(of caseRecord: CaseRecord) throws -> State {
        let size = try session.projectedLedgerSize()
        guard let watermark = try CaseIndex.committedWatermark(path: indexPath(caseID: caseRecord.id)) else {
            let items = try session.countItemsForIndexing(caseID: caseRecord.id)
            return State(caseID: caseRecord.id, watermark: nil, ledgerSize: size, pendingEvents: items, pendingItems: items)
        }
        let changes = try session.itemChanges(caseID: caseRecord.id, from: watermark, types: Self.indexedEventTypes)
        return State(caseID: caseRecord.id, watermark: watermark, ledgerSize: size, pendingEvents: changes.events,
                     pendingItems: changes.items.count)
    }

    /// What a catch-up did for one case.
    public enum Outcome: Sendable, Equatable {
        /// Nothing to do, or this many items (re)indexed.
        case indexed(items: Int, derived: Int)
        /// Another process is writing this index; it was left to it.
        case busy
    }

    /// Brings the indexes of `cases` up to the ledger, case by case. A busy index is
    /// skipped; any other failure is thrown (the index stays as it was committed).
    @discardableResult
    /// Catches up the index of one case named by reference or id, after material was added
    /// to it; nil when the user may not search the case. Returns the parts (attachments,
    /// messages) recorded as items of their own.
    public func catchUp(caseReference: String, wait: Double = 0) throws -> Int? {
        guard let caseRecord = try session.searchableCases().first(where: {
            $0.id == caseReference || $0.reference == caseReference
        }) else { return nil }
        if case .indexed(_, let derived)? = try catchUp([caseRecord], wait: wait)[caseRecord.id] { return derived }
        return 0
    }

    public func catchUp(_ cases: [CaseRecord], wait: Double = 0) throws -> [String: Outcome] {
        var outcomes: [String: Outcome] = [:]
        for caseRecord in cases {
            outcomes[caseRecord.id] = try catchUp(caseRecord, wait: wait)
        }
        return outcomes
    }

    func catchUp(_ caseRecord: CaseRecord, wait: Double) throws -> Outcome {
        var indexed = 0
        var derived = 0
        // An index built under what the user could see before is built again from nothing.
        let visibility = Visibility(state: session.authority, userID: session.user.id)
        var computed: [UInt64: [String: String]] = [:]
        if FileManager.default.fileExists(atPath: indexPath(caseID: caseRecord.id)),
           !stampHolds(caseID: caseRecord.id, visibility: visibility, computed: &computed), try !discard(caseID: caseRecord.id) {
            return .busy
        }
        // An index written by an older build is rebuilt from the ledger, not searched.
        if try CaseIndex.isOutdated(path: indexPath(caseID: caseRecord.id)) {
            logger.notice("rebuilding a search index of an older format", metadata: ["case": "\(caseRecord.id)"])
            try CaseIndex.destroy(path: indexPath(caseID: caseRecord.id))
        }
        for _ in 0..<Self.maxDerivationRounds {
            let path = indexPath(caseID: caseRecord.id)
            // Another process of this user may have caught the catalog up further: the session
            // follows, so that the visibility stamp covers every item this round indexes.
            if try session.projectedLedgerSize() > session.authority.size { try session.refresh() }
            let size = try session.projectedLedgerSize()
            let watermark = try CaseIndex.committedWatermark(path: path)
            var changed: [String] = []
            if let watermark {
                guard watermark < size else { break }
                changed = try session.itemChanges(caseID: caseRecord.id, from: watermark, types: Self.indexedEventTypes).items
                // Nothing changed for this case: the index is current without being written.
                if changed.isEmpty { break }
            }
            // What the user could see when the round began: recording parts part-way through a
            // first build moves the session on, and the items indexed are those of this view.
            let stamp = visibilityStamp(caseID: caseRecord.id)
            let index: CaseIndex
            beforeTakingIndexLock?()
            do {
                index = try CaseIndex.open(path: path)
            } catch IndexError.busy {
                return .busy
            }
            // Another process may have indexed (and moved the watermark on) between the read
            // above and taking the write lock: this round's items and size would then be stale,
            // and committing them would move the watermark back. Start again from its commit.
            if index.watermark != watermark {
                try index.close()
                continue
            }
            var round = IndexingRound(caseRecord: caseRecord, path: path, index: index, names: [:])
            var recorded = 0
            do {
                round.names = try session.userNames()
                if watermark != nil {
                    for (position, id) in changed.enumerated() {
                        progress?(caseRecord.reference ?? caseRecord.id, position, changed.count)
                        try indexItem(id: id, in: &round)
                    }
                    progress?(caseRecord.reference ?? caseRecord.id, changed.count, changed.count)
                } else {
                    recorded += try buildFirst(in: &round, size: size, stamp: stamp, wait: wait)
                }
                index.watermark = size
                index.visibility = stamp
                try index.commit()
                try index.close()
            } catch {
                try? index.close()
                throw error
            }
            indexed += round.indexed
            // Parts are recorded after the index is committed, each parent's in one ledger
            // commit; the next round indexes them.
            recorded += try recordParts(of: round.parents, in: caseRecord, wait: wait)
            derived += recorded
            if recorded == 0 { break }
        }
        return .indexed(items: indexed, derived: derived)
    }

    /// Deletes and rebuilds a case's index from the objects (`evidence reindex`).
    @discardableResult
    public func rebuild(_ caseRecord: CaseRecord, wait: Double = 0) throws -> Outcome {
        let path = indexPath(caseID: caseRecord.id)
        // Refuse while another process writes it, rather than pulling it from under it (an
        // index of an older format cannot be opened to find out; it is replaced regardless).
        if try !CaseIndex.isOutdated(path: path) {
            do {
                let index = try CaseIndex.open(path: path)
                try index.close()
            } catch IndexError.busy {
                return .busy
            }
        }
        try CaseIndex.destroy(path: path)
        return try catchUp(caseRecord, wait: wait)
    }

    // MARK: Extraction

    /// Media types with no text to extract: indexed by metadata, without decrypting them.
    static func hasNoText(_ mediaType: String?) -> Bool {
        guard let type = mediaType?.lowercased() else { return false }
        return type.hasPrefix("image/") || type.hasPrefix("video/") || type.hasPrefix("audio/")
    }

    func extract(_ item: ItemRecord) -> ExtractedDocument {
        // A physical exhibit is indexed by its metadata and description; there is no file to read.
        if item.physical {
            return ExtractedDocument(outcome: .unsupported, reason: "a physical exhibit has no digital content")
        }
        if Self.hasNoText(item.mediaType) {
            return ExtractedDocument(outcome: .unsupported, reason: "\(item.mediaType ?? "this type") has no text to extract")
        }
        do {
            switch try session.contentForIndexing(item, maxBytes: limits.maxInputBytes) {
            case .bytes(let bytes):
                return extractor.extract(bytes, name: item.name, mediaType: item.mediaType)
            case .tooLarge(let size):
                return ExtractedDocument(outcome: .failed,
                                         reason: "the file (\(size) bytes) is larger than the \(limits.maxInputBytes >> 20) MiB extraction limit")
            case .unreadable(let reason):
                logger.error("an item's content could not be read for indexing", metadata: ["item": "\(item.id)"])
                return ExtractedDocument(outcome: .failed, reason: "the stored content could not be read (\(reason)); run evidence verify")
            }
        } catch {
            return ExtractedDocument(outcome: .failed, reason: "the stored content could not be read (\(error))")
        }
    }

    /// Records the parts extraction found (an mbox's messages, an email's attachments) as
    /// items derived from `parent`, when this user may. Returns how many were recorded.
    func recordParts(of parent: ItemRecord, in caseRecord: CaseRecord, extracted: ExtractedDocument,
                     wait: Double) throws -> Int {
        guard try session.mayDerive(from: parent, in: caseRecord) else { return 0 }
        let isMailbox = Self.isMailbox(parent)
        var counter = 0
        let parts = extracted.children.map { child -> DerivedPart in
            counter += 1
            let kind: String
            let type = child.mediaType.lowercased()
            if isMailbox || type.hasPrefix("message/rfc822") {
                kind = "email"
            } else if type.hasPrefix("image/") {
                kind = "image"
            } else if type.hasPrefix("video/") {
                kind = "video"
            } else {
                kind = "document"
            }
            return DerivedPart(part: isMailbox ? "message \(counter)" : "attachment \(counter)", name: child.name,
                               mediaType: child.mediaType, kind: kind, bytes: child.bytes)
        }
        do {
            return try session.recordDerived(from: parent, in: caseRecord, parts: parts, wait: wait).count
        } catch let error as EvidenceError where error.kind == .busy {
            // Another writer holds the ledger: the parts are recorded by the next catch-up.
            logger.info("parts not recorded yet: the ledger is busy", metadata: ["item": "\(parent.id)"])
            return 0
        }
    }

    /// Mailboxes: mbox files and Outlook PST/OST files, whose parts are messages.
    static func isMailbox(_ item: ItemRecord) -> Bool {
        let type = item.mediaType?.lowercased() ?? ""
        let name = item.name?.lowercased() ?? ""
        return type.hasPrefix("application/mbox") || type.hasPrefix("application/vnd.ms-outlook-pst")
            || name.hasSuffix(".mbox") || name.hasSuffix(".pst") || name.hasSuffix(".ost")
    }
}
