import Foundation

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
    ///
    /// Two passes over the ledger, neither holding it: the first checks it (LedgerVerifier) and
    /// folds what the later checks need into compact records (LedgerItemFacts); the second, once
    /// the whole ledger's authority state is known, opens each live item's entry to check its
    /// object (a chunk at a time) and re-projects the catalog into a scratch file to compare it
    /// with the stored one row by row.
    public func verify(reason: String?, wait: Double, progress: ((UInt64) -> Void)? = nil,
                       projections: (() -> (problems: [String], notes: [String]))? = nil) throws -> VerificationReport {
        try authorize(.verify, .repository, reason: reason, wait: wait)
        var report = VerificationReport()
        let started = Date()
        let ledger = LedgerVerifier(store: repository.ledger, origin: repository.config.origin)
        let trusted = try host.recordedLogKey().flatMap { try? NoteVerifierKey(parsing: $0) }
        var facts = LedgerItemFacts()
        // A reclassification re-seals the item's content into a new object (§6): the item is
        // checked against that one, with what its newest valid re-sealing entry restated.
        var restated: [String: [String: JSONValue]?] = [:]
        // Entries beyond the checkpoint are looked at under the writer lock below, where a
        // commit in progress cannot be mistaken for anything else.
        let result = ledger.run(trustedLogKey: trusted ?? view.logKey, reportingTail: false,
                                spillFolders: host.spillFolders) { visit in
            facts.visit(visit)
            let entry = visit.entry
            if entry.type == EventType.itemAmended, entry.object != nil, visit.isValid, let itemID = entry.itemID {
                restated[itemID] = open(entry, leafHash: visit.leafHash)?["restated"]?.objectValue
            }
        }
        report.problems += result.problems
        report.notes += result.notes
        report.treeSize = result.treeSize
        report.checkpointsChecked = result.checkpointsChecked
        report.entriesChecked = Int(result.entriesRead)
        report.uncommittedTail = result.uncommittedTail
        // A signed checkpoint this host saw that the ledger no longer extends is proof of a
        // rollback or a rewrite: a problem, not a remark.
        if view.rolledBack { report.problems += view.warnings } else { report.notes += view.warnings }
        let ledgerChecked = Date()
        logger.debug("verify: ledger checked", metadata: ["seconds": "\(ledgerChecked.timeIntervalSince(started))"])

        // The catalog is compared only with a ledger that passed: it is projected from it.
        let catalogProblems = verifyObjectsAndCatalog(result, facts: facts, restated: restated,
                                                      comparingCatalog: result.problems.isEmpty,
                                                      into: &report, progress: progress)
        logger.debug("verify: objects checked", metadata: ["seconds": "\(Date().timeIntervalSince(ledgerChecked))"])
        report.problems += catalogProblems
        verifyKeyFiles(into: &report)
        if let projections {
            let checked = projections()
            report.problems += checked.problems
            report.notes += checked.notes
        }
        repository.checkKeyEnvelopes(facts.envelopes.expected, into: &report)
        repository.checkIdentityFiles(result.authority, into: &report)
        repository.checkRecoverySlots(into: &report)
        report.problems += facts.disposalCheck.problems
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
            let entry = try transaction.append(VerificationRunEvent(
                publicPart: .init(outcome: report.isIntact ? "intact" : "problems", treeSize: Int64(report.treeSize),
                                  items: Int64(report.itemsChecked), objectsDecrypted: Int64(report.objectsDecrypted),
                                  objectsWithoutKeys: Int64(report.objectsWithoutKeys),
                                  problems: Int64(report.problems.count)),
                audit: audit(reason: reason)).draft())
            try transaction.finish()
            report.recordedAt = entry.seq
            logger.debug("verify: recorded", metadata: ["seconds": "\(Date().timeIntervalSince(started))"])
        } catch {
            transaction.abandon()
            throw error
        }
        return report
    }

    /// The sealed part of `entry`, if this user holds its key.
    func open(_ entry: LedgerEntry, leafHash: [UInt8]) -> [String: JSONValue]? {
        (try? EntryOpener.open(entry, leafHash: leafHash, repositoryID: repository.repositoryID, keys: keys))?.sealed
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

    private var counter = ParallelCounter()

    /// The next object to check, for whichever worker is free.
    func claim(below count: Int) -> Int? {
        lock.lock()
        let current = counter
        lock.unlock()
        return current.claim(below: count)
    }

    /// Forgets the results and claims of the chunk before (progress goes on counting), and
    /// hands them over.
    func startChunk() -> [String: ObjectCheck] {
        lock.lock()
        defer { lock.unlock() }
        let finished = results
        results = [:]
        counter = ParallelCounter()
        return finished
    }

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

    /// `checks.bytesDone` counts from the first chunk: the window is kept from where this one starts.
    init(paths: [String], checks: ObjectChecks) {
        let base = checks.bytesDone
        work = BackgroundWork { [self] in
            var advised: UInt64 = base
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
