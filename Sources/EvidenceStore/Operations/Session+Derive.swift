import CSystemCalls
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A part of an item that becomes an item of its own: an email's attachment, an mbox's
/// message. Originals never change; their parts are new items linked to them.
public struct DerivedPart: Sendable {
    /// Where in the parent: "message 3", "attachment 2". Unique among the parent's parts.
    public var part: String
    /// The part's own file name (an attachment's filename), or a label.
    public var name: String
    public var mediaType: String
    /// One of `AddOptions.kinds`.
    public var kind: String
    /// The part's bytes, decoded from its transfer encoding.
    public var bytes: [UInt8]

    public init(part: String, name: String, mediaType: String, kind: String, bytes: [UInt8]) {
        self.part = part
        self.name = name
        self.mediaType = mediaType
        self.kind = kind
        self.bytes = bytes
    }
}

extension Session {
    /// Longest part label and file name recorded for a derived item (they come from the
    /// file itself, so they are cut rather than refused).
    static let maxDerivedNameBytes = 255

    /// Whether this user may record the parts of `item` as derived items: they see it and
    /// may add items to its case or read its content (the parts hold nothing more than the
    /// item does). Never recorded as a refusal: derivation is bookkeeping, not a request.
    public func mayDerive(from item: ItemRecord, in caseRecord: CaseRecord) throws -> Bool {
        let policy = try currentPolicy().policy
        let me = try subject()
        let target = target(for: item, in: caseRecord)
        return [Action.addItem, .readContent].contains { action in
            Authorizer.decide(me, action, target, policy: policy).outcome == .allowed
        }
    }

    /// The items derived from `parentID`, in the order they were recorded.
    public func derivedItems(of parentID: String) throws -> [ItemRecord] {
        try catalog.itemsDerived(from: parentID)
    }

    /// Records `parts` of `parent` as derived items (`item.derived`), each sealed into an
    /// object of its own under the case key, in one ledger commit. Parts already recorded
    /// for this parent (same `part` label) are skipped, so running extraction again, or on
    /// another host, never records a part twice. Returns the items recorded now.
    @discardableResult
    public func recordDerived(from parent: ItemRecord, in caseRecord: CaseRecord, parts: [DerivedPart],
                              wait: Double) throws -> [ItemRecord] {
        guard !parts.isEmpty else { return [] }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        var recordedIDs: [String] = []
        do {
            // Read under the lock: another process may have recorded them meanwhile.
            let existing = Set(try derivedItems(of: parent.id).compactMap(\.part))
            let generation = try transaction.currentGeneration(caseID: caseRecord.id)
            // Parts have their parent's class, and are sealed under its key (FORMAT §5.4).
            guard let parentState = try authority.items.item(parent.id) else { throw EvidenceError.noSuchItem(parent.id) }
            let keyClass = KeyClass(classification: parentState.classification, sensitive: parentState.sensitive)
            guard let caseKeys = try keys.caseKeys(caseID: caseRecord.id, keyID: keyClass.keyID(generation: generation)) else {
                throw LedgerTransaction.missingClassKey(keyClass, caseID: caseRecord.reference ?? caseRecord.id, generation: generation)
            }
            var seenLabels = existing
            var stagedNames: [String: (itemID: String, object: LedgerEntry.ObjectRef)] = [:]
            for part in parts {
                let label = Self.cleanDerivedText(part.part)
                guard !seenLabels.contains(label) else { continue }
                seenLabels.insert(label)
                let itemID = try record(part, label: label, parent: parent, caseRecord: caseRecord, caseKeys: caseKeys,
                                        transaction: transaction, stagedNames: &stagedNames)
                recordedIDs.append(itemID)
            }
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return try recordedIDs.compactMap { id in
            try catalog.itemRecord(id: id)
        }
    }

    private func record(_ part: DerivedPart, label: String, parent: ItemRecord, caseRecord: CaseRecord,
                        caseKeys: CaseKeys, transaction: LedgerTransaction,
                        stagedNames: inout [String: (itemID: String, object: LedgerEntry.ObjectRef)]) throws -> String {
        let staged = try Self.stageBytes(part.bytes, label: label, directory: repository.objectDirectory(caseID: caseRecord.id),
                                         caseKeys: caseKeys, chunkSize: repository.config.chunkSize)
        let itemID = try ULID.make(prefix: "itm")
        // The same attachment in two emails is stored once (never across cases).
        let (objectRef, duplicateOf) = try placeObject(staged, itemID: itemID, caseID: caseRecord.id, caseKeys: caseKeys,
                                                       stagedNames: &stagedNames)
        let salt = try SecureRandom.bytes(32)
        let commitment = try SHA256.hash(salt + staged.sha256)
        let kind = AddOptions.kinds.contains(part.kind) ? part.kind : "other"
        // A part is as classified and as sensitive as the item it came from.
        let classification = parent.classification ?? caseRecord.classification ?? Classification.official.rawValue
        let sensitive = parent.sensitive ?? false
        let sealed = ItemDerivedEvent.Sealed(
            sha256: Hex.encode(staged.sha256), salt: Hex.encode(salt), size: Int64(staged.size),
            name: Self.cleanDerivedText(part.name), part: label, kind: kind,
            mediaType: Self.cleanDerivedText(part.mediaType), classification: classification, sensitive: sensitive,
            duplicateOf: duplicateOf)
        try transaction.append(ItemDerivedEvent(
            publicPart: .init(parent: parent.id, classification: classification, sensitive: sensitive), sealedPart: sealed,
            audit: audit(.init(size: Int64(staged.size), parent: parent.id), reason: nil)
        ).draft(caseID: caseRecord.id, itemID: itemID, object: objectRef, commitment: commitment))
        return itemID
    }

    /// Seals bytes held in memory into a temporary object, through an anonymous in-memory
    /// file: plaintext never touches a disk.
    static func stageBytes(_ bytes: [UInt8], label: String, directory: String, caseKeys: CaseKeys,
                           chunkSize: Int) throws -> ObjectWriter.Staged {
        let fd = evidence_memfd_create("evidence-part")
        guard fd >= 0 else { throw FileSystem.ioError(errno, "hold", label) }
        defer { close(fd) }
        try FileSystem.writeAll(fd, bytes, path: label)
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw FileSystem.ioError(errno, "read", label) }
        return try ObjectWriter.write(source: fd, sourceName: label, directory: directory, keys: caseKeys,
                                      chunkSize: chunkSize)
    }

    /// Text taken from a file (an attachment's name): control characters shown as U+FFFD,
    /// cut to a bounded length at a character boundary.
    static func cleanDerivedText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let clean: Unicode.Scalar = scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar
            guard out.utf8.count + String(clean).utf8.count <= maxDerivedNameBytes else { break }
            out.unicodeScalars.append(clean)
        }
        return out.isEmpty ? "unnamed" : out
    }
}
