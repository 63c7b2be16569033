import Foundation

/// Entries beyond the newest checkpoint, as a writer holding the lock finds them (FORMAT §7.7
/// step 2). Only this host's own record (`PendingCommit`) can make them droppable: anything
/// else may be signed entries whose checkpoint was removed, which are evidence.
public enum TailFinding: Sendable {
    /// This host's own interrupted commit: its record describes every entry of the tail.
    /// `signed`: the record also holds the checkpoint this host signed for them.
    case own(entries: UInt64, tail: LedgerStore.Tail, signed: Bool)
    /// Entries that no record of this host's describes.
    case foreign(entries: UInt64)

    public var entries: UInt64 {
        switch self {
        case .own(let entries, _, _), .foreign(let entries): return entries
        }
    }
}

/// Records this host's commit in its state folder, before and after signing (FORMAT §10).
struct HostCommitJournal: CommitJournal {
    let host: HostState

    func willWrite(from size: UInt64, leafHashes: [[UInt8]]) throws {
        try host.recordPendingCommit(PendingCommit(from: size, leafHashes: leafHashes))
    }

    func willPublish(from size: UInt64, leafHashes: [[UInt8]], signed: [UInt8]) throws {
        try host.recordPendingCommit(PendingCommit(from: size, leafHashes: leafHashes, signedCheckpoint: signed))
    }
}

extension LedgerTransaction {
    /// What lies beyond the checkpoint of `session.view`. With no tail, a record of this
    /// host's is finished business (its tiles never landed, or its checkpoint was written) and
    /// is removed when `clearingStale`.
    static func examineTail(_ session: Session, clearingStale: Bool) throws -> TailFinding? {
        let size = session.view.checkpoint.size
        let ledger = session.repository.ledger
        let tail = try ledger.tail(treeSize: size)
        guard tail.entries > 0 else {
            if clearingStale { try? session.host.clearPendingCommit() }
            return nil
        }
        if let record = try session.host.pendingCommit(),
           let found = try? ledger.tailLeafHashes(tail, after: size), record.describes(tail: found, after: size) {
            return .own(entries: tail.entries, tail: tail, signed: record.signedCheckpoint != nil)
        }
        return .foreign(entries: tail.entries)
    }

    /// Completes this host's commit that was signed but whose checkpoint never reached
    /// `ledger/checkpoint` (or was replaced by an older one since): when the record's signed
    /// checkpoint is a valid checkpoint of this log for exactly the entries beyond the
    /// current one, it becomes the newest checkpoint. Returns whether it did.
    static func completeSignedCommit(_ session: Session) -> Bool {
        do {
            let view = session.view
            let size = view.checkpoint.size
            let ledger = session.repository.ledger
            guard let record = try session.host.pendingCommit(), record.from == size,
                  let signed = record.signedCheckpoint else { return false }
            let newSize = size + UInt64(record.leafHashes.count)
            let tail = try ledger.tail(treeSize: size)
            guard tail.entries == UInt64(record.leafHashes.count),
                  try ledger.tailLeafHashes(tail, after: size) == record.leafHashes else { return false }
            var chain = view.logKeys
            try ledger.followLogKeys(&chain, in: size..<newSize, treeSize: newSize)
            let checkpoint = try SignedCheckpoint.open(signed, verifier: chain.key(forSize: newSize)).checkpoint
            guard checkpoint.origin == session.repository.config.origin, checkpoint.size == newSize,
                  try ledger.rootHash(treeSize: newSize) == checkpoint.rootHash else { return false }
            // Only over the checkpoint it was checked against (under the writer lock, always so).
            try ledger.storage.publishCheckpointBlocking(signed, size: newSize, expectedPreviousSize: size)
            try? ledger.storage.archiveCheckpointBlocking(signed, size: newSize, durable: true)
            if (try? session.host.recordCheckpoint(signed)) != nil { try? session.host.clearPendingCommit() }
            try? session.host.recordLogKeys(chain, size: newSize)
            session.logger.warning("completed this host's interrupted commit", metadata: ["size": "\(newSize)"])
            return true
        } catch {
            return false
        }
    }

    /// The sentence for entries beyond the checkpoint that this host may not set aside.
    static func refusal(_ finding: TailFinding, checkpointSize: UInt64) -> String {
        let count = finding.entries == 1 ? "is 1 ledger entry" : "are \(finding.entries) ledger entries"
        switch finding {
        case .own(_, _, signed: true):
            return "Refusing to write: there \(count) beyond the newest checkpoint (\(checkpointSize) entries) for which this host signed a checkpoint that does not verify against them, so nothing was moved; run evidence verify, and put the newest checkpoint (from a host's state folder, a witness's ledger/cosigned file or a kept copy) back as ledger/checkpoint."
        default:
            return "Refusing to write: there \(count) beyond the newest checkpoint (\(checkpointSize) entries) that this host did not write, either another host's interrupted commit or newer entries whose checkpoint was removed (the repository may have been rolled back), so nothing was moved; run any writing evidence command on the host that wrote them, or put the newest checkpoint (from a host's state folder, a witness's ledger/cosigned file or a kept copy) back as ledger/checkpoint, then run evidence verify."
        }
    }

    /// What `verify` says about a tail it found under the writer lock (it never moves one).
    static func finding(_ finding: TailFinding, checkpointSize: UInt64) -> (problem: Bool, text: String) {
        let count = finding.entries == 1 ? "1 ledger entry" : "\(finding.entries) ledger entries"
        switch finding {
        case .own(_, _, signed: false):
            return (false, "\(count) beyond the newest checkpoint (\(checkpointSize) entries) are this host's own interrupted commit, never signed; the next writing command sets \(finding.entries == 1 ? "it" : "them") aside in ledger/dropped, and this verification was not recorded")
        case .own(_, _, signed: true):
            return (false, "\(count) beyond the newest checkpoint (\(checkpointSize) entries) are this host's own commit, signed but interrupted before its checkpoint was written; the next writing command completes it, and this verification was not recorded")
        case .foreign:
            return (true, "\(count) beyond the newest checkpoint (\(checkpointSize) entries) that this host did not write: another host's interrupted commit, or newer entries whose checkpoint was removed (the repository may have been rolled back); nothing was moved, and writers refuse until the host that wrote them runs a writing command or the newest checkpoint is put back as ledger/checkpoint")
        }
    }
}
