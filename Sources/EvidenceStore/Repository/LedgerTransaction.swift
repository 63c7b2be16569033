import Foundation
import GRDB

/// A command's writes to the ledger, under the writer lock.
///
/// Entries are appended in memory and made durable by `commit()`: tiles, then one
/// signed checkpoint, then the catalog. Nothing is reported to the user before the
/// commit that covers it has returned.
public final class LedgerTransaction {
    public let session: Session
    private let lock: WriterLock
    private let writer: LedgerWriter
    private var lastTime: Timestamp?
    private var pending: [(entry: LedgerEntry, bytes: [UInt8])] = []
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
    public init(session: Session, wait: Double, keepingTail: Bool = false) throws {
        self.session = session
        lock = try WriterLock(repositoryPath: session.repository.path, wait: wait)
        // Until it ends, its commits leave the authority snapshot behind (up to a bound).
        session.defersSnapshot = true
        do {
            // A rolled-back ledger fails here (Repository.readLedgerView).
            try session.refresh()
            if !keepingTail, Self.completeSignedCommit(session) { try session.refresh() }
            let view = session.view
            writer = try session.wrapFormatErrors {
                try LedgerWriter(store: session.repository.ledger, checkpointSize: view.checkpoint.size,
                                 checkpointRoot: view.checkpoint.rootHash)
            }
            if let last = try writer.lastEntry() {
                lastTime = try LedgerEntry.decode(last, index: writer.size - 1).time
            }
            if let lastTime { try Self.refuseAhead(lastTime, seq: writer.size - 1, now: Clock.now()) }
            // Keep the archive complete: a crash between the two writes of a commit leaves it short.
            if !FileSystem.exists(session.repository.ledger.checkpointArchivePath(size: view.checkpoint.size)) {
                try writer.archive(size: view.checkpoint.size, signed: view.signedCheckpoint)
            }
            tailFinding = try Self.examineTail(session, clearingStale: !keepingTail)
            if !keepingTail, let finding = tailFinding {
                guard case .own(let entries, let tail, signed: false) = finding else {
                    throw EvidenceError(.data, Self.refusal(finding, checkpointSize: view.checkpoint.size))
                }
                droppedTail = entries
                session.logger.warning("dropping this host's uncommitted ledger tail", metadata: ["entries": "\(entries)"])
                // The tail's files move out of tile/ (kept for examination), so that no file of
                // an unsigned tree can be mistaken for part of a signed one.
                let quarantine = try session.repository.ledger.quarantine(tail, after: view.checkpoint.size)
                try append(EventDraft(type: EventType.tailDropped,
                                      publicPart: ["dropped": .int(Int64(entries)),
                                                   "from": .int(Int64(view.checkpoint.size)),
                                                   "keptIn": .string(quarantine)],
                                      auditPart: session.auditBase(reason: nil)))
            }
        } catch {
            lock.release()
            Self.endDeferral(session)
            throw error
        }
    }

    /// The sequence number the next appended entry gets.
    public var nextSequence: UInt64 { writer.size }

    /// Appends one event (in memory until `commit`). Returns the signed entry.
    @discardableResult
    public func append(_ draft: EventDraft) throws -> LedgerEntry {
        try append(draft, logKey: nil)
    }

    /// Appends a `log-key.rotated` entry, signed by the log key in force (`current`), that
    /// announces `next`; this transaction's checkpoint is then signed with `next`.
    func appendRotation(_ draft: EventDraft, current: Ed25519.PrivateKey, next: Ed25519.PrivateKey) throws {
        guard rotation == nil, draft.type == EventType.logKeyRotated else {
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
        let repositoryID = session.repository.repositoryID
        let seq = writer.size
        let time = try Self.entryTime(after: lastTime, seq: seq)
        var entry = LedgerEntry(seq: seq, time: time, type: draft.type, actor: session.user.id, caseID: draft.caseID,
                                itemID: draft.itemID, object: draft.object, commitment: draft.commitment,
                                tool: Session.tool, publicPart: draft.publicPart,
                                signer: logKey == nil ? session.user.id : LedgerEntry.logSigner)
        if draft.type == EventType.caseCreated || draft.type == EventType.caseRekeyed, let caseID = draft.caseID {
            caseGenerations[caseID] = UInt32(clamping: draft.publicPart?["keyGeneration"]?.intValue ?? 1)
        }
        let keyClass = sealingClass(draft)
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
        try writer.append(bytes)
        pending.append((entry, bytes))
        lastTime = time
        return entry
    }

    /// The key class an entry's sealed part is sealed under (FORMAT §5.4): an entry that states
    /// an item's class (its addition, a reclassification) or the class of what a search found,
    /// under that class; any other entry about an item, under the item's class; the rest of a
    /// case's entries, under the case key.
    func sealingClass(_ draft: EventDraft) -> KeyClass {
        guard draft.caseID != nil else { return .caseKey }
        if draft.itemID != nil || draft.type == EventType.searchRun,
           let (classification, sensitive) = AuthorityState.visibility(draft.publicPart ?? [:]) {
            return KeyClass(classification: classification, sensitive: sensitive)
        }
        guard let itemID = draft.itemID else { return .caseKey }
        if let pending = itemClasses[itemID] { return pending }
        guard let item = session.authority.items[itemID] else { return .caseKey }
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

    public var hasPending: Bool { !pending.isEmpty }

    /// Makes every pending entry durable under one new checkpoint, then projects them.
    public func commit() throws {
        guard !pending.isEmpty else { return }
        let signer = try NoteSigner(name: session.repository.config.origin, key: try rotation?.key ?? logKey())
        let committed = try writer.commit(origin: session.repository.config.origin, signer: signer,
                                          journal: HostCommitJournal(host: session.host))
        pending = []
        // The record of the commit goes once the host remembers its checkpoint, which then
        // says the same: a rollback to before it is refused, never mistaken for a crash.
        if (try? session.host.recordCheckpoint(committed.signed)) != nil { try? session.host.clearPendingCommit() }
        try? session.host.recordLogKeys(rotation?.chain ?? session.view.logKeys, size: committed.checkpoint.size)
        rotation = nil
        // The ledger is committed; projecting it is catching the catalog up, which a
        // concurrent reader may already have begun. A failure now only delays the projection.
        do {
            try session.refresh()
        } catch {
            session.logger.warning("catalog update deferred", metadata: ["error": "\(error)"])
        }
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
        defer {
            lock.release()
            Self.endDeferral(session)
        }
        try commit()
    }

    /// Releases the lock without committing: pending entries are discarded (never signed).
    /// What earlier commits of this transaction projected is kept, and so is their snapshot.
    public func abandon() {
        pending = []
        lock.release()
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
