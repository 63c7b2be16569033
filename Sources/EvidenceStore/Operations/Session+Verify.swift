import Foundation
import GRDB

/// What `evidence verify` found.
public struct VerificationReport: Sendable {
    public var problems: [String] = []
    public var notes: [String] = []
    public var treeSize: UInt64 = 0
    public var checkpointsChecked = 0
    public var entriesChecked = 0
    public var itemsChecked = 0
    /// Objects decrypted and re-hashed against the recorded SHA-256.
    public var objectsDecrypted = 0
    /// Objects checked only against their recorded ciphertext digest (no key held).
    public var objectsWithoutKeys = 0
    public var bytesVerified: UInt64 = 0
    public var uncommittedTail: UInt64 = 0
    public var recordedAt: UInt64?
    /// Items whose disposal the ledger records (their objects are gone on purpose).
    public var itemsDisposed = 0
    /// Wrapped-key files the ledger accounts for, checked to be present.
    public var envelopesChecked = 0
    /// Trusted checkpoints (given by an auditor) the ledger was shown consistent with.
    public var trustedCheckpointsChecked = 0
    /// Witnesses whose cosignatures verified, with the largest size each cosigned.
    public var witnessed: [(witness: String, size: UInt64)] = []

    public var isIntact: Bool { problems.isEmpty }
}

extension Session {
    /// `evidence verify`: the ledger, every object, and the catalog. Problems are
    /// collected (each naming the item or entry and the check), never thrown.
    /// `projections` checks what lives outside the store (the search index of this host) and
    /// returns its problems and notes, so that they count in the recorded outcome too.
    public func verify(reason: String?, wait: Double, progress: ((UInt64) -> Void)? = nil,
                       projections: (() -> (problems: [String], notes: [String]))? = nil) throws -> VerificationReport {
        try authorize(.verify, .repository, reason: reason, wait: wait)
        var report = VerificationReport()
        let started = Date()
        let ledger = LedgerVerifier(store: repository.ledger, origin: repository.config.origin)
        let trusted = try host.recordedLogKey().flatMap { try? NoteVerifierKey(parsing: $0) }
        // The stored catalog is read while the ledger is checked: reading it needs nothing
        // the ledger check finds.
        let storedCatalog = LockedValue<Result<(rows: CatalogRows, treeSize: UInt64), Error>>(
            .failure(FormatError("the catalog was not read")))
        let storedCatalogWork = BackgroundWork { [self] in storedCatalog.set(Result { try readStoredCatalog() }) }
        // Entries beyond the checkpoint are looked at under the writer lock below, where a
        // commit in progress cannot be mistaken for anything else.
        let result = ledger.run(trustedLogKey: trusted ?? view.logKey, reportingTail: false)
        report.problems += result.problems
        report.notes += result.notes
        report.treeSize = result.treeSize
        report.checkpointsChecked = result.checkpointsChecked
        report.entriesChecked = result.entries.count
        report.uncommittedTail = result.uncommittedTail
        // A signed checkpoint this host saw that the ledger no longer extends is proof of a
        // rollback or a rewrite: a problem, not a remark.
        if view.rolledBack { report.problems += view.warnings } else { report.notes += view.warnings }
        let ledgerChecked = Date()
        logger.debug("verify: ledger checked", metadata: ["seconds": "\(ledgerChecked.timeIntervalSince(started))"])

        // The objects (the long part, on both cores) and the catalog comparison run together.
        let catalogReport = LockedValue(VerificationReport())
        let catalogWork = BackgroundWork { [self] in
            var partial = VerificationReport()
            try? storedCatalogWork.wait()
            verifyCatalog(result, stored: storedCatalog.get(), into: &partial)
            catalogReport.set(partial)
        }
        verifyObjects(result, into: &report, progress: progress)
        logger.debug("verify: objects checked", metadata: ["seconds": "\(Date().timeIntervalSince(ledgerChecked))"])
        try? catalogWork.wait()
        report.problems += catalogReport.get().problems
        verifyKeyFiles(into: &report)
        if let projections {
            let checked = projections()
            report.problems += checked.problems
            report.notes += checked.notes
        }
        repository.checkKeyEnvelopes(result.validEntries, into: &report)
        repository.checkIdentityFiles(result.authority, into: &report)
        repository.checkRecoverySlots(into: &report)
        Repository.checkDisposalEntries(result.entries, into: &report)
        logger.debug("verify: catalog compared", metadata: ["seconds": "\(Date().timeIntervalSince(started))"])

        // The run itself is an event, when the ledger is sound enough to append to.
        if !result.problems.isEmpty || view.rolledBack {
            if let tail = try? repository.ledger.tail(treeSize: result.treeSize), tail.entries > 0 {
                report.uncommittedTail = tail.entries
                report.notes.append(LedgerVerifier.tailNote(entries: tail.entries))
            }
            report.notes.append("This verification was not recorded in the ledger, because the ledger itself failed its checks.")
            return report
        }
        // verify never moves, drops or completes anything: with entries beyond the checkpoint
        // (found under the lock, so no commit is in progress), it reports them and records nothing,
        // since appending would overwrite their files.
        let transaction = try LedgerTransaction(session: self, wait: wait, keepingTail: true)
        if let finding = transaction.tailFinding {
            transaction.abandon()
            let (problem, text) = LedgerTransaction.finding(finding, checkpointSize: transaction.session.view.checkpoint.size)
            report.uncommittedTail = finding.entries
            if problem { report.problems.append(text) } else { report.notes.append(text) }
            return report
        }
        do {
            let entry = try transaction.append(EventDraft(
                type: EventType.verificationRun,
                publicPart: ["outcome": .string(report.isIntact ? "intact" : "problems"),
                             "treeSize": .int(Int64(report.treeSize)), "items": .int(Int64(report.itemsChecked)),
                             "objectsDecrypted": .int(Int64(report.objectsDecrypted)),
                             "objectsWithoutKeys": .int(Int64(report.objectsWithoutKeys)),
                             "problems": .int(Int64(report.problems.count))],
                auditPart: auditBase(reason: reason)))
            try transaction.finish()
            report.recordedAt = entry.seq
            logger.debug("verify: recorded", metadata: ["seconds": "\(Date().timeIntervalSince(started))"])
        } catch {
            transaction.abandon()
            throw error
        }
        return report
    }


    private func verifyObjects(_ result: LedgerVerifier.Result, into report: inout VerificationReport,
                               progress: ((UInt64) -> Void)?) {
        struct ItemCheck {
            let entry: LedgerEntry
            let itemID: String
            let object: LedgerEntry.ObjectRef
            let path: String
            let caseID: String
            let sealed: [String: JSONValue]?
            let state: AuthorityState.Item?
        }
        var items: [ItemCheck] = []
        var referenced: Set<String> = []
        // A disposed item's object is destroyed on purpose (unless a live item shares it).
        var disposals: [String: UInt64] = [:]
        for entry in result.entries.compactMap({ $0 }) where entry.type == EventType.itemDisposed {
            if let itemID = entry.itemID { disposals[itemID] = entry.seq }
        }
        var disposedObjects: [String: String] = [:]
        // A reclassification re-seals the item's content into a new object (§6): the item is
        // checked against that one, with what the re-sealing entry restated.
        var resealings: [String: LedgerEntry] = [:]
        for case let entry? in result.entries where entry.type == EventType.itemAmended && entry.object != nil
            && result.invalid[entry.seq] == nil {
            if let itemID = entry.itemID { resealings[itemID] = entry }
        }
        let superseded = Repository.supersededObjects(result.authority) { repository.objectPath(caseID: $0, name: $1) }
        for entry in result.entries.compactMap({ $0 }) where EventType.addsItem.contains(entry.type) {
            if let problem = Self.physicalItemProblem(entry) {
                report.problems.append(problem)
                continue
            }
            // A physical exhibit has no object: its entry is the whole of what there is to check.
            if entry.type == EventType.physicalItemAdded {
                report.itemsChecked += 1
                continue
            }
            guard let caseID = entry.caseID, let itemID = entry.itemID, let added = entry.object else {
                report.problems.append("ledger entry \(entry.seq) adds an item without naming its case, id and object")
                continue
            }
            let state = result.authority.items[itemID]
            let object = state?.object ?? added
            let path = repository.objectPath(caseID: caseID, name: object.name)
            if let disposedAt = disposals[itemID] {
                report.itemsChecked += 1
                report.itemsDisposed += 1
                report.notes.append("item \(itemID) was disposed of (ledger entry \(disposedAt)); its object and wrapped data key are gone on purpose")
                disposedObjects[path] = itemID
                continue
            }
            referenced.insert(path)
            // What to check the content against is in the entry sealed under the object's own
            // class: one who holds only an older class key checks the ciphertext digest.
            let sealed = resealings[itemID].map { open($0, leafHashes: result.leafHashes)?["restated"]?.objectValue }
                ?? open(entry, leafHashes: result.leafHashes)
            items.append(ItemCheck(entry: entry, itemID: itemID, object: object, path: path, caseID: caseID,
                                   sealed: sealed, state: state))
        }
        // Decrypt and re-hash each object the user can open once, two objects at a time
        // (each one itself read and decrypted on one core while hashed on the other).
        var toDecrypt: [(path: String, caseID: String)] = []
        var seen: Set<String> = []
        for item in items where item.sealed?["sha256"] != nil && !seen.contains(item.path) {
            seen.insert(item.path)
            toDecrypt.append((item.path, item.caseID))
        }
        let checks = ObjectChecks(progress: progress)
        let targets = toDecrypt
        // Ask the kernel to start reading the next objects while these are decrypted, so
        // the disk never waits for the CPU or the CPU for the disk between objects.
        let prefetcher = Prefetcher(paths: targets.map(\.path), checks: checks)
        defer { prefetcher.stop() }
        DispatchQueue.concurrentPerform(iterations: min(2, targets.count)) { _ in
            while let index = checks.claim(below: targets.count) {
                let target = targets[index]
                checks.record(target.path, decryptAndHash(path: target.path, caseID: target.caseID, checks: checks))
            }
        }
        for item in items {
            report.itemsChecked += 1
            if let recordedSHA = item.sealed?["sha256"]?.stringValue, let recordedSize = item.sealed?["size"]?.intValue {
                let check = checks.result(item.path)
                if let failure = check.failure {
                    report.problems.append("item \(item.itemID) (\(item.sealed?["path"]?.stringValue ?? item.object.name)): \(failure)")
                } else if check.sha256 != recordedSHA || check.size != UInt64(recordedSize) {
                    report.problems.append("item \(item.itemID): its content hashes to \(check.sha256 ?? "?") (\(check.size ?? 0) bytes), not the recorded \(recordedSHA) (\(recordedSize) bytes)")
                } else {
                    report.objectsDecrypted += 1
                    if let state = item.state, let problem = Repository.keyClassProblem(keyID: check.keyID, itemID: item.itemID, item: state) {
                        report.problems.append(problem)
                    }
                }
            } else {
                // No key for this case: what anyone can check is the ciphertext digest.
                do {
                    let digest = try ObjectReader.ciphertextDigest(path: item.path)
                    if digest.sha256 != item.object.ciphertextSHA256 || digest.size != item.object.ciphertextSize {
                        report.problems.append("item \(item.itemID): its object's ciphertext digest is not the one recorded at ingest (object altered or replaced)")
                    } else {
                        report.objectsWithoutKeys += 1
                        if let state = item.state, let problem = Repository.keyClassProblem(keyID: digest.keyID, itemID: item.itemID, item: state) {
                            report.problems.append(problem)
                        }
                    }
                } catch {
                    report.problems.append("item \(item.itemID): \(error)")
                }
            }
        }
        let done = checks.bytesDone
        // Objects no committed entry references: left by an interrupted add; harmless.
        let objectsRoot = repository.file("objects")
        var orphans = 0
        for caseDirectory in (try? FileSystem.list(objectsRoot)) ?? [] {
            let casePath = (objectsRoot as NSString).appendingPathComponent(caseDirectory)
            for prefix in (try? FileSystem.list(casePath)) ?? [] {
                let prefixPath = (casePath as NSString).appendingPathComponent(prefix)
                for name in (try? FileSystem.list(prefixPath)) ?? [] {
                    let path = (prefixPath as NSString).appendingPathComponent(name)
                    if referenced.contains(path) { continue }
                    if let itemID = disposedObjects[path] {
                        report.notes.append("the object of item \(itemID), which the ledger records as disposed of, is still present (its disposal was interrupted); run evidence dispose \(itemID) to destroy it")
                    } else if let itemID = superseded[path] {
                        report.notes.append("the object item \(itemID) had before it was re-sealed under its new class is still present (the reclassification was interrupted before it was destroyed), and opens for members of the old class; amend item \(itemID) again to destroy it")
                    } else {
                        orphans += 1
                    }
                }
            }
        }
        if orphans > 0 {
            report.notes.append("\(orphans) object file\(orphans == 1 ? " is" : "s are") not referenced by any committed ledger entry (left by an interrupted add; never reported as stored)")
        }
        report.bytesVerified = done
    }

    /// The sealed part of `entry`, if this user holds its key.
    private func open(_ entry: LedgerEntry, leafHashes: [[UInt8]]) -> [String: JSONValue]? {
        let leaf = leafHashes.indices.contains(Int(entry.seq)) ? leafHashes[Int(entry.seq)] : []
        return (try? EntryOpener.open(entry, leafHash: leaf, repositoryID: repository.repositoryID, keys: keys))?.sealed
    }

    private func decryptAndHash(path: String, caseID: String, checks: ObjectChecks) -> ObjectCheck {
        do {
            var headerKeyID: UInt32?
            let result = try ObjectReader.read(path: path, caseID: caseID, keys: { keyID in
                headerKeyID = keyID
                return try self.keys.caseKeys(caseID: caseID, keyID: keyID)
            }) { chunk in
                checks.advance(UInt64(chunk.count))
            }
            return ObjectCheck(sha256: Hex.encode(result.sha256), size: result.size, keyID: headerKeyID)
        } catch let error as ObjectIntegrityError {
            return ObjectCheck(failure: error.description)
        } catch {
            return ObjectCheck(failure: "\(error)")
        }
    }

    /// The stored catalog's rows and the tree size it is projected to, read together: another
    /// command may catch it up (or verify may read a newer checkpoint) meanwhile, so it is
    /// compared with the ledger at exactly its own size.
    private func readStoredCatalog() throws -> (rows: CatalogRows, treeSize: UInt64) {
        try catalog.database.read { db in
            (try CatalogRows.read(db),
             UInt64(max(0, try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'treeSize'") ?? 0)))
        }
    }

    /// Re-projects the ledger into a fresh in-memory catalog and compares every row.
    private func verifyCatalog(_ result: LedgerVerifier.Result, stored read: Result<(rows: CatalogRows, treeSize: UInt64), Error>,
                               into report: inout VerificationReport) {
        guard result.problems.isEmpty else { return }
        do {
            let (stored, watermark) = try read.get()
            // The catalog holds what the user may see as of its own tree size: so does the copy.
            let visibility = Visibility(state: try stateForComparison(result, at: watermark), userID: user.id)
            let fresh = try Catalog()
            try fresh.database.write { db in
                for (offset, entry) in result.entries.prefix(Int(min(watermark, UInt64(result.entries.count)))).enumerated() {
                    guard let entry else { continue }
                    let opened = try EntryOpener.open(entry, leafHash: result.leafHashes[offset],
                                                      repositoryID: repository.repositoryID, keys: keys,
                                                      showingSealed: visibility.showsSealedPart(of: entry))
                    try CatalogProjector.apply(opened, to: db)
                }
                // Committed after the checkpoint verify checked: the next run checks these entries.
                if watermark > result.treeSize {
                    try repository.ledger.forEachEntry(in: result.treeSize..<watermark, treeSize: watermark) { index, bytes in
                        let entry = try LedgerEntry.decode(bytes, index: index)
                        let opened = try EntryOpener.open(entry, leafHash: try Merkle.leafHash(bytes),
                                                          repositoryID: repository.repositoryID, keys: keys,
                                                          showingSealed: visibility.showsSealedPart(of: entry))
                        try CatalogProjector.apply(opened, to: db)
                    }
                }
            }
            let expected = try fresh.database.read { db in try CatalogRows.read(db) }
            report.problems += stored.problems(comparedWith: expected)
        } catch {
            report.problems.append("catalog: could not be compared with the ledger: \(error)")
        }
    }
}

struct ObjectCheck: Sendable {
    var sha256: String?
    var size: UInt64?
    /// The key id the object's header names.
    var keyID: UInt32?
    var failure: String?
}

/// Results and progress of the objects `verify` decrypts on several threads.
final class ObjectChecks: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: ObjectCheck] = [:]
    private var done: UInt64 = 0

    var bytesDone: UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return done
    }
    private let progress: ((UInt64) -> Void)?

    init(progress: ((UInt64) -> Void)?) { self.progress = progress }

    private let counter = ParallelCounter()

    /// The next object to check, for whichever worker is free.
    func claim(below count: Int) -> Int? { counter.claim(below: count) }

    func record(_ path: String, _ check: ObjectCheck) {
        lock.lock()
        results[path] = check
        lock.unlock()
    }

    func result(_ path: String) -> ObjectCheck {
        lock.lock()
        defer { lock.unlock() }
        return results[path] ?? ObjectCheck(failure: "the object was not checked")
    }

    func advance(_ bytes: UInt64) {
        lock.lock()
        done += bytes
        progress?(done)
        lock.unlock()
    }
}

/// Keeps the kernel reading ahead of `verify`: `posix_fadvise(WILLNEED)` on the objects
/// next in line, up to `window` bytes beyond what has been checked.
final class Prefetcher: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var work: BackgroundWork?
    static let window: UInt64 = 256 << 20

    init(paths: [String], checks: ObjectChecks) {
        work = BackgroundWork { [self] in
            var advised: UInt64 = 0
            for path in paths {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                var info = stat()
                let size = fstat(fd, &info) == 0 ? UInt64(info.st_size) : 0
                // Wait while far enough ahead of the verifier.
                condition.lock()
                while !stopped && advised > checks.bytesDone + Self.window {
                    condition.wait(until: Date().addingTimeInterval(0.05))
                }
                let done = stopped
                condition.unlock()
                if done {
                    close(fd)
                    return
                }
                _ = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED)
                close(fd)
                advised += size
            }
        }
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        try? work?.wait()
    }
}
