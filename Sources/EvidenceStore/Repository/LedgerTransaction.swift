import Foundation

/// A command's writes to the ledger, under the writer lock.
///
/// Entries are appended in memory and made durable by `commit()`: tiles, then one
/// signed checkpoint, then the catalog. Nothing is reported to the user before the
/// commit that covers it has returned. In a process with a `CommitGroup` (a server), a
/// `shareable` transaction appends into a batch it shares with others, and its commit
/// publishes theirs too; the CLI's transactions always have the lock to themselves.
public final class LedgerTransaction {
    public let session: Session
    private let batch: LedgerBatch
    /// The group this transaction runs in, and whether it joined a shared batch there.
    private let group: CommitGroup?
    private let shared: Bool
    /// The sequence number of this transaction's newest entry (nil before its first append).
    private var lastAppended: UInt64?
    /// Counted in the batch's `preparing` (from joining until it waits for a commit or ends).
    private var preparing = false
    private var ended = false
    private var caseGenerations: [String: UInt32] = [:]
    /// Classes of items added or reclassified by this transaction, before the state knows them.
    private var itemClasses: [String: KeyClass] = [:]
    /// A log key announced by this transaction: its checkpoint is signed with the new key.
    private var rotation: (chain: LogKeyChain, key: Ed25519.PrivateKey)?
    /// Entries of an uncommitted tail that this transaction dropped (0 if none).
    public private(set) var droppedTail: UInt64 = 0
    /// With `keepingTail`: the entries beyond the checkpoint, found under the lock and left as they are.
    public private(set) var tailFinding: TailFinding?

    /// Takes the writer lock (waiting up to `wait` seconds) and checks the ledger before
    /// anything is appended. Entries beyond the checkpoint are set aside only when this host's
    /// record shows it wrote them and did not finish, and refused otherwise (65); with
    /// `keepingTail` (verify) nothing is set aside or completed, only reported in `tailFinding`.
    /// `shareable`: the transaction only adds material or records reads, searches and
    /// refusals, so in a process with a commit group it may share a batch (`CommitGroup`).
    /// `whenLocked` runs once the writer lock is taken for a new batch, before any other
    /// transaction can join it (not when this one joins a batch already open): the moment when
    /// nothing of this process is writing, as an `add` needs to clear temporary objects.
    public init(session: Session, wait: Double, keepingTail: Bool = false, shareable: Bool = false,
                whenLocked: () -> Void = {}) throws {
        self.session = session
        let group = session.commitGroup
        self.group = group
        shared = shareable && !keepingTail && group != nil
        // Until it ends, its commits leave the authority snapshot behind (up to a bound).
        session.defersSnapshot = true
        var opened: (LedgerBatch, TailFinding?)?
        do {
            if shared, let group {
                batch = try group.join {
                    let (batch, finding) = try Self.openBatch(session, wait: wait, keepingTail: false)
                    opened = (batch, finding)
                    whenLocked()
                    return batch
                }
                // A batch opened by another transaction: catch up with what it committed.
                if opened == nil {
                    do {
                        try session.refresh()
                    } catch {
                        group.leave(batch)
                        throw error
                    }
                }
            } else {
                group?.beginExclusive()
                do {
                    let (batch, finding) = try Self.openBatch(session, wait: wait, keepingTail: keepingTail)
                    batch.participants = 1
                    self.batch = batch
                    opened = (batch, finding)
                    whenLocked()
                } catch {
                    group?.endExclusive(nil)
                    throw error
                }
            }
        } catch {
            Self.endDeferral(session)
            throw error
        }
        batch.exclusively { setPreparing(true) }
        do {
            tailFinding = opened?.1
            if !keepingTail, let finding = tailFinding {
                guard case .own(let entries, let tail, signed: false) = finding else {
                    throw EvidenceError(.data, Self.refusal(finding, checkpointSize: session.view.checkpoint.size))
                }
                droppedTail = entries
                session.logger.warning("dropping this host's uncommitted ledger tail", metadata: ["entries": "\(entries)"])
                // The tail's files move out of tile/ (kept for examination), so that no file of
                // an unsigned tree can be mistaken for part of a signed one.
                let quarantine = try session.repository.ledger.quarantine(tail, after: session.view.checkpoint.size)
                try append(TailDroppedEvent(
                    publicPart: .init(dropped: Int64(entries), from: Int64(session.view.checkpoint.size), keptIn: quarantine),
                    audit: session.audit(reason: nil)).draft())
            }
        } catch {
            abandon()
            throw error
        }
    }

    /// Takes the writer lock and readies a writer at the newest checkpoint.
    private static func openBatch(_ session: Session, wait: Double, keepingTail: Bool) throws -> (LedgerBatch, TailFinding?) {
        let lock = try WriterLock(repositoryPath: session.repository.path, wait: wait)
        do {
            // A rolled-back ledger fails here (Repository.readLedgerView).
            try session.refresh()
            if !keepingTail, Self.completeSignedCommit(session) { try session.refresh() }
            let view = session.view
            let writer = try session.wrapFormatErrors {
                try LedgerWriter(store: session.repository.ledger, checkpointSize: view.checkpoint.size,
                                 checkpointRoot: view.checkpoint.rootHash)
            }
            var lastTime: Timestamp?
            if let last = try writer.lastEntry() {
                lastTime = try LedgerEntry.decode(last, index: writer.size - 1).time
            }
            if let lastTime { try Self.refuseAhead(lastTime, seq: writer.size - 1, now: Clock.now()) }
            // Keep the archive complete: a crash between the two writes of a commit leaves it short.
            if try session.repository.ledger.storage.readArchivedCheckpointBlocking(size: view.checkpoint.size) == nil {
                try writer.archive(size: view.checkpoint.size, signed: view.signedCheckpoint)
            }
            let finding = try Self.examineTail(session, clearingStale: !keepingTail)
            return (LedgerBatch(lock: lock, writer: writer, lastTime: lastTime), finding)
        } catch {
            lock.release()
            throw error
        }
    }

    /// The sequence number the next appended entry gets.
    public var nextSequence: UInt64 { batch.exclusively { batch.writer.size } }

    /// Appends one event (in memory until `commit`). Returns the signed entry.
    @discardableResult
    public func append(_ draft: EventDraft) throws -> LedgerEntry {
        try append(draft, logKey: nil)
    }

    /// Appends a `log-key.rotated` entry, signed by the log key in force (`current`), that
    /// announces `next`; this transaction's checkpoint is then signed with `next`.
    func appendRotation(_ draft: EventDraft, current: Ed25519.PrivateKey, next: Ed25519.PrivateKey) throws {
        guard rotation == nil, !shared, draft.type == EventType.logKeyRotated else {
            throw EvidenceError(.usage, "One log key rotation per command.")
        }
        let entry = try append(draft, logKey: current)
        var chain = session.view.logKeys
        try chain.follow(entry)
        guard chain.current.publicKey == next.publicKey else {
            throw EvidenceError(.data, "The rotation entry does not announce the new log key; nothing was written.")
        }
        rotation = (chain, next)
    }

    /// `logKey`: sign with the log key (signer `log`) instead of the acting user's key.
    private func append(_ draft: EventDraft, logKey: Ed25519.PrivateKey?) throws -> LedgerEntry {
        // The sequence number and time are part of what is signed: the batch is held from
        // choosing them to handing the entry to the writer.
        try batch.exclusively {
            if let failure = batch.failure { throw failure }
            return try append(draft, logKey: logKey, seq: batch.writer.size)
        }
    }

    private func append(_ draft: EventDraft, logKey: Ed25519.PrivateKey?, seq: UInt64) throws -> LedgerEntry {
        let repositoryID = session.repository.repositoryID
        let time = try Self.entryTime(after: batch.lastTime, seq: seq)
        var entry = LedgerEntry(seq: seq, time: time, type: draft.type, actor: session.user.id, caseID: draft.caseID,
                                itemID: draft.itemID, object: draft.object, commitment: draft.commitment,
                                tool: Session.tool, publicPart: draft.publicPart,
                                signer: logKey == nil ? session.user.id : LedgerEntry.logSigner)
        if draft.type == EventType.caseCreated || draft.type == EventType.caseRekeyed, let caseID = draft.caseID {
            caseGenerations[caseID] = UInt32(clamping: draft.publicPart?["keyGeneration"]?.intValue ?? 1)
        }
        let keyClass = try sealingClass(draft)
        if let itemID = draft.itemID, keyClass != .caseKey { itemClasses[itemID] = keyClass }
        if let part = draft.sealedPart {
            if let caseID = draft.caseID {
                let generation = try currentGeneration(caseID: caseID)
                guard let keys = try session.keys.caseKeys(caseID: caseID, keyID: keyClass.keyID(generation: generation)) else {
                    if keyClass == .caseKey { throw EvidenceError.noSuchCase(caseID) }
                    throw Self.missingClassKey(keyClass, caseID: caseID, generation: generation)
                }
                entry.sealed = try EntryOpener.seal(part, repositoryID: repositoryID, seq: seq, name: "sealed",
                                                    key: keys.partKey, generation: keys.keyID)
            } else {
                guard let key = try session.keys.repositoryKey(generation: 1) else {
                    throw EvidenceError(.data, "The repository keyring cannot be opened with \(session.user.name)'s keys.")
                }
                entry.sealed = try EntryOpener.seal(part, repositoryID: repositoryID, seq: seq, name: "sealed",
                                                    key: key, generation: 1)
            }
        }
        if let part = draft.auditPart {
            entry.audit = try EntryOpener.sealAudit(part, repositoryID: repositoryID, seq: seq,
                                                    auditPublicKey: session.view.auditPublicKey)
        }
        if logKey != nil {
            // The log key, which every writer holds, does not say who acted: the actor signs too.
            let actorSignature = try session.user.signingKey.sign(AuthorityState.actorSigningBytes(entry))
            entry.publicPart?["actorSignature"] = .string(Base64.encode(actorSignature))
        }
        entry.signature = try (logKey ?? session.user.signingKey).sign(entry.signingBytes())
        let bytes = entry.encoded()
        try batch.writer.append(bytes)
        batch.lastTime = time
        lastAppended = seq
        batch.entries += 1
        return entry
    }

    /// The key class an entry's sealed part is sealed under (FORMAT §5.4): an entry that states
    /// an item's class (its addition, a reclassification) or the class of what a search found,
    /// under that class; any other entry about an item, under the item's class; the rest of a
    /// case's entries, under the case key.
    func sealingClass(_ draft: EventDraft) throws -> KeyClass {
        guard draft.caseID != nil else { return .caseKey }
        if draft.itemID != nil || draft.type == EventType.searchRun,
           let (classification, sensitive) = AuthorityState.visibility(draft.publicPart ?? [:]) {
            return KeyClass(classification: classification, sensitive: sensitive)
        }
        guard let itemID = draft.itemID else { return .caseKey }
        if let pending = itemClasses[itemID] { return pending }
        guard let item = try session.authority.items.item(itemID) else { return .caseKey }
        return KeyClass(classification: item.classification, sensitive: item.sensitive)
    }

    static func missingClassKey(_ keyClass: KeyClass, caseID: String, generation: UInt32) -> EvidenceError {
        EvidenceError(.denied, "You hold no key for \(keyClass) material in generation \(generation) of case \(caseID): a member who may see such material must rekey the case (evidence case rekey) before it can be recorded.")
    }

    /// The case key generation new material of a case is sealed under.
    func currentGeneration(caseID: String) throws -> UInt32 {
        if let pendingGeneration = caseGenerations[caseID] { return pendingGeneration }
        guard let generation = session.authority.cases[caseID]?.keyGeneration else { throw EvidenceError.noSuchCase(caseID) }
        return UInt32(clamping: generation)
    }

    /// Whether entries of this transaction wait for a commit.
    public var hasPending: Bool {
        guard let lastAppended else { return false }
        return batch.exclusively { batch.writer.committedSize <= lastAppended }
    }

    /// Makes every pending entry durable under one new checkpoint, then projects them. In a
    /// shared batch the checkpoint covers the other participants' entries appended so far (it
    /// waits briefly for those still preparing theirs), and a commit that finds its entries
    /// already covered by another's returns at once.
    public func commit() throws {
        try commit(continuing: true)
    }

    /// `continuing`: the transaction goes on to prepare more entries after this commit.
    private func commit(continuing: Bool) throws {
        guard let lastAppended else { return }
        batch.condition.lock()
        do {
            defer {
                if continuing { setPreparing(true) }
                batch.condition.unlock()
            }
            setPreparing(false)
            while true {
                if batch.writer.committedSize > lastAppended { break }
                if let failure = batch.failure { throw failure }
                if batch.gathering {
                    batch.condition.wait()
                    continue
                }
                batch.gathering = true
                defer {
                    batch.gathering = false
                    batch.condition.broadcast()
                }
                gather()
                if let failure = batch.failure { throw failure }
                do {
                    try publish()
                } catch {
                    batch.failure = (error as? EvidenceError) ?? EvidenceError(.io, "The commit failed: \(error); nothing of it was published.")
                    throw error
                }
                batch.checkpoints += 1
                break
            }
        }
        // The ledger is committed; projecting it is catching the catalog up, which a
        // concurrent reader may already have begun. A failure now only delays the projection.
        do {
            try session.refresh()
        } catch {
            session.logger.warning("catalog update deferred", metadata: ["error": "\(error)"])
        }
    }

    /// Waits, the batch held, for the entries of participants still preparing theirs and of
    /// requests of this process that may yet join (beyond the batch's own participants, who
    /// count among them): `LedgerBatch.gatheringTime` at a time, and again while entries keep
    /// arriving, up to `LedgerBatch.longestGathering`. A machine under load makes requests slow
    /// to arrive, and then the wait follows them instead of committing each alone.
    private func gather() {
        // A transaction that runs alone has no one to wait for: the others wait for it.
        guard shared else { return }
        let started = Date()
        let limit = started.addingTimeInterval(LedgerBatch.longestGathering)
        var deadline = started.addingTimeInterval(LedgerBatch.gatheringTime)
        var seen = (batch.entries, batch.participants)
        while batch.failure == nil, Date() < deadline,
              batch.preparing > 0 || (group.map { $0.activeWriters > batch.participants } ?? false) {
            _ = batch.condition.wait(until: deadline)
            if (batch.entries, batch.participants) != seen {
                seen = (batch.entries, batch.participants)
                deadline = min(limit, Date().addingTimeInterval(LedgerBatch.gatheringTime))
            }
        }
    }

    /// Counts this transaction among the batch's participants preparing entries, or not;
    /// the batch is held.
    private func setPreparing(_ value: Bool) {
        guard preparing != value else { return }
        preparing = value
        batch.preparing += value ? 1 : -1
        if !value { batch.condition.broadcast() }
    }

    /// Signs and writes a checkpoint over everything the batch holds; the batch is held.
    private func publish() throws {
        let signer = try NoteSigner(name: session.repository.config.origin, key: try rotation?.key ?? logKey())
        let committed = try batch.writer.commit(origin: session.repository.config.origin, signer: signer,
                                                journal: HostCommitJournal(host: session.host))
        // The record of the commit goes once the host remembers its checkpoint, which then
        // says the same: a rollback to before it is refused, never mistaken for a crash.
        if (try? session.host.recordCheckpoint(committed.signed)) != nil { try? session.host.clearPendingCommit() }
        try? session.host.recordLogKeys(rotation?.chain ?? session.view.logKeys, size: committed.checkpoint.size)
        rotation = nil
    }

    /// The private half of the log key in force, from the keyring generation that holds it.
    func logKey() throws -> Ed25519.PrivateKey {
        let chain = session.view.logKeys
        guard let keyring = try session.keys.keyring(generation: chain.currentGeneration) else {
            throw EvidenceError(.data, "The repository keyring (generation \(chain.currentGeneration)) cannot be opened with \(session.user.name)'s keys; ask an administrator whether the log key was rotated while you were disabled.")
        }
        guard keyring.logKey.publicKey == chain.current.publicKey else {
            throw EvidenceError(.data, "keyring/\(chain.currentGeneration)/\(session.user.id) does not hold the log key the ledger announces; the keyring file was altered or replaced. Run evidence verify.")
        }
        return keyring.logKey
    }

    /// Commits what is pending (if anything), releases the lock and stores the authority snapshot.
    public func finish() throws {
        defer { end(abandoning: false) }
        try commit(continuing: false)
    }

    /// Releases the lock without committing: pending entries are discarded (never signed).
    /// What earlier commits of this transaction projected is kept, and so is their snapshot.
    /// In a shared batch the writer cannot take entries back, so the batch fails: the other
    /// participants' uncommitted entries are discarded with these, and they are told to retry.
    public func abandon() {
        end(abandoning: true)
    }

    private func end(abandoning: Bool) {
        guard !ended else { return }
        ended = true
        batch.exclusively {
            setPreparing(false)
            if abandoning, let lastAppended, batch.writer.committedSize <= lastAppended, batch.failure == nil {
                batch.failure = LedgerBatch.abandonedShare
                batch.condition.broadcast()
            }
        }
        if shared, let group {
            group.leave(batch)
        } else {
            batch.lock.release()
            group?.endExclusive(batch)
        }
        Self.endDeferral(session)
    }

    /// Ends the deferral of the session's authority snapshot and stores it if it is behind.
    /// The snapshot is a cache: failing to store it only costs the next command a replay of
    /// the entries since the stored one, so the commands' outcome does not depend on it.
    static func endDeferral(_ session: Session) {
        session.defersSnapshot = false
        do {
            try session.storeSnapshotIfBehind()
        } catch {
            session.logger.warning("the authority snapshot was not stored; the next command replays the entries after the stored one",
                                   metadata: ["error": "\(error)"])
        }
    }
}

extension Session {
    /// The audit part every event carries: who acted, and why if they said.
    public func auditBase(reason: String?) -> [String: JSONValue] {
        var part: [String: JSONValue] = ["actorName": .string(user.name)]
        if let reason, !reason.isEmpty { part["reason"] = .string(reason) }
        return part
    }
}
