import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Session {
    /// Items this user may see (of one case when given), oldest first.
    public func listItems(caseReference: String?, wait: Double = 0) throws -> [ItemRecord] {
        var items: [ItemRecord] = []
        try forEachItem(caseReference: caseReference, wait: wait) { items.append($0) }
        return items
    }

    /// An item and its case, if this user may see them.
    public func findItemIfVisible(_ id: String) throws -> (item: ItemRecord, case: CaseRecord)? {
        let row = try catalog.itemRecord(id: id)
        guard let stored = row, stored.isOpened, let record = try boundToLedger(stored),
              let caseRecord = try findCaseIfVisible(record.caseID) else { return nil }
        let decision = Authorizer.decide(try subject(), .viewMetadata, target(for: record, in: caseRecord),
                                         policy: try currentPolicy().policy)
        guard decision.outcome != .invisible else { return nil }
        var shown = record
        if let duplicate = record.duplicateOf, try findItemIfVisible(duplicate) == nil { shown.duplicateOf = nil }
        return (shown, caseRecord)
    }

    /// An item the user may see and act on; otherwise the refusal ("No item … exists", 66,
    /// whether missing or hidden; or 77 for an action their role does not allow).
    public func findItem(_ id: String, for action: Action, reason: String? = nil,
                         wait: Double = 0) throws -> (item: ItemRecord, case: CaseRecord) {
        guard let found = try findItemIfVisible(id) else {
            throw refuseMissing(action, requested: id, isItem: true, wait: wait)
        }
        try authorize(action, target(for: found.item, in: found.case), reason: reason, wait: wait, requested: id)
        return found
    }

    /// The ledger entries about an item, oldest first.
    public func itemEvents(_ id: String) throws -> [EntryRecord] {
        try catalog.entries(ofItem: id)
    }

    /// User names by id, for display.
    public func userNames() throws -> [String: String] {
        Dictionary(try catalog.registeredUserNames().map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    /// `evidence get`: records the read (with its reason) before releasing any byte, then
    /// streams the original bytes, each chunk only after its tag verifies, and checks the
    /// SHA-256 at the end. A mismatch is exit 65 and no copy is left. `output` is "-" (standard
    /// output) or a path, which `OutputTarget` checks first: an existing file is replaced only
    /// with `force`, and atomically; a symbolic link never; a FIFO or device is written into.
    /// A new or replaced file is written unnamed (O_TMPFILE) and named only once verified, so a
    /// get killed part-way leaves no plaintext behind.
    public func get(itemID: String, output: String, force: Bool = false, reason: String?, wait: Double,
                    warn: (String) -> Void = { _ in }) throws -> ItemRecord {
        let (item, caseRecord, objectName) = try readableItem(itemID, reason: reason, wait: wait)
        // Refuse an impossible or unwanted destination before recording a read that cannot happen.
        let target = try OutputTarget.examine(output, force: force)
        let toStdout = target.kind == .standardOutput
        try recordRead(item, destination: toStdout ? "-" : output, described: toStdout ? "standard output" : output,
                       reason: reason, wait: wait)
        let file = try target.open(warn: warn)
        do {
            var written = false
            try readVerified(item, caseRecord: caseRecord, objectName: objectName, incomplete: "no complete copy was written") { chunk in
                try FileSystem.writeAll(file.fd, chunk, path: file.displayName)
                if !written {
                    written = true
                    FaultInjection.pause(at: "get.write", subject: output)
                }
            }
            try file.commit()
            return item
        } catch {
            file.abandon()
            throw error
        }
    }

    /// An item's original bytes handed to `deliver` as they are read (a server's download):
    /// the read is recorded first, with `destination` saying where the bytes go, and
    /// `started` hears of it before the first byte. Each chunk is handed over only after its
    /// tag verifies; the SHA-256 of the whole is checked after the last, and a mismatch is
    /// thrown then, so the receiver must hold the content complete only if this returns.
    public func streamContent(itemID: String, destination: String, reason: String?, wait: Double,
                              started: (ItemRecord) -> Void,
                              deliver: (UnsafeRawBufferPointer) throws -> Void) throws -> ItemRecord {
        let (item, caseRecord, objectName) = try readableItem(itemID, reason: reason, wait: wait)
        try recordRead(item, destination: destination, described: destination, reason: reason, wait: wait)
        started(item)
        try readVerified(item, caseRecord: caseRecord, objectName: objectName, incomplete: "the copy sent is incomplete",
                         deliver: deliver)
        return item
    }

    /// The item, if the user may read its content and it has any (66 when disposed of or physical).
    private func readableItem(_ itemID: String, reason: String?, wait: Double) throws
        -> (item: ItemRecord, case: CaseRecord, objectName: String) {
        let (item, caseRecord) = try findItem(itemID, for: .readContent, reason: reason, wait: wait)
        // Disposed of: the content is gone on purpose; no read is recorded (66: no input).
        if item.isDisposed {
            throw EvidenceError(.noInput, "Item \(item.id) was disposed of on \(item.disposedAt.map { String($0.prefix(10)) } ?? "?") (ledger entry \(item.disposedSeq ?? 0)); its content no longer exists in this repository.")
        }
        guard let objectName = item.objectName, !item.physical else {
            throw EvidenceError(.noInput, "Item \(item.id) is a physical exhibit: it has no digital content to get; its continuity is in evidence custody history.")
        }
        return (item, caseRecord, objectName)
    }

    /// Records the read before any byte is released: `destination` sealed under the case
    /// key, `described` in the audit part.
    private func recordRead(_ item: ItemRecord, destination: String, described: String, reason: String?,
                            wait: Double) throws {
        let transaction = try LedgerTransaction(session: self, wait: wait, shareable: true)
        do {
            try transaction.append(ItemReadEvent(
                sealedPart: .init(destination: destination),
                audit: audit(.init(destination: described), reason: reason)
            ).draft(caseID: item.caseID, itemID: item.id))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// Reads the item's object, handing over each chunk once its tag verifies, and checks
    /// the whole against the recorded SHA-256 and size. `incomplete` ends the sentence of
    /// an integrity failure (what became of what was already handed over).
    private func readVerified(_ item: ItemRecord, caseRecord: CaseRecord, objectName: String, incomplete: String,
                              deliver: (UnsafeRawBufferPointer) throws -> Void) throws {
        let path = repository.objectPath(caseID: item.caseID, name: objectName)
        do {
            let result = try ObjectReader.read(path: path, caseID: item.caseID, keys: { keyID in
                try self.keys.caseKeys(caseID: caseRecord.id, keyID: keyID)
            }, consume: deliver)
            guard Hex.encode(result.sha256) == item.sha256, Int64(result.size) == item.size else {
                throw EvidenceError(.data, "Item \(item.id) failed its integrity check: the content read back hashes to \(Hex.encode(result.sha256)), not the recorded \(item.sha256 ?? "?").")
            }
        } catch let integrity as ObjectIntegrityError {
            throw EvidenceError(.data, "Item \(item.id) failed its integrity check: \(integrity.description); \(incomplete).")
        }
    }
}
