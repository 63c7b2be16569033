import Foundation

/// Where a session's `authority` came from: the stored snapshot it was opened from or stored
/// as, and the root of the tree `authority` is at.
struct AuthorityOrigin: Equatable {
    var snapshot: AuthoritySnapshot.Mark
    /// The Merkle root of the first `authority.size` entries, which `authority` was checked against.
    var root: [UInt8]
}

/// The authority snapshot between catch-ups (docs/HOST-STATE.md §1, the `authority` table and
/// its item buckets). Opening it reads its users, cases and bucket index, and storing it writes
/// those and the buckets that changed, and an `add` catches the catalog up after every group
/// commit. So a session goes on from the state
/// it holds in memory while the stored snapshot is still the one that state came from; the
/// stored snapshot may lag behind the catalog's watermark (the entries between are replayed
/// when it is opened), and while a transaction is open it is stored only once the gap reaches
/// a bound, then when the transaction ends. It is a cache: whatever it holds or lacks, the
/// state is what the ledger says, at the cost of a replay.
extension Session {
    /// How far a transaction lets the stored snapshot lag: a crash leaves at most this many
    /// entries to replay, and sealing (which cuts the changed items into buckets and hashes
    /// them) happens once per bound.
    static func snapshotLagBound(_ state: AuthorityState) -> UInt64 {
        max(4096, UInt64(state.items.count / 8))
    }

    /// How many entries that only record reads and searches (`EventType.recordsOnly`) the
    /// stored snapshot may lag by, in or out of a transaction. Every `get` and search appends
    /// one; storing the snapshot after each would seal and write it each time, replaying them
    /// costs almost nothing.
    static let readRecordLagBound: UInt64 = 64

    /// True when the stored snapshot at `storedSize` may stay as it is for `state`: only
    /// read records came after it, and fewer than `readRecordLagBound`.
    static func snapshotMayWait(_ state: AuthorityState, storedSize: UInt64) -> Bool {
        storedSize < state.size && state.lastChange.size <= storedSize && state.size - storedSize < readRecordLagBound
    }

    /// `authority`, when it is the state after the first `size` entries of the tree with root
    /// `root` and the stored snapshot is still the one it came from (so no other process has
    /// rebuilt the catalog meanwhile): nothing to decode.
    /// Another session of the same user in this process may hold it (`AuthorityShare`): it is
    /// then adopted.
    func reusableAuthority(at size: UInt64, root: [UInt8], stored: AuthoritySnapshot.Mark?) -> AuthorityState? {
        guard let stored else { return nil }
        if let origin = authorityOrigin, origin.snapshot == stored, origin.root == root, authority.size == size {
            return authority
        }
        guard let (state, origin) = authorityShare?.take(size: size, root: root, stored: stored) else { return nil }
        authority = state
        authorityOrigin = origin
        return state
    }

    /// Offers this session's authority to the other sessions of its user (`AuthorityShare`).
    func shareAuthority() {
        guard let authorityShare, let authorityOrigin else { return }
        authorityShare.offer(authority, origin: authorityOrigin)
    }

    /// The state after the first `size` entries (root `root`) from the snapshot stored in `db`,
    /// with the entries between it and `size` replayed; nil when there is none, when it is
    /// beyond `size`, or when it fails its check (the caller then rebuilds). `treeSize`: the
    /// checkpoint the entries are read under.
    func openSnapshot(_ writer: CatalogWriter, at size: UInt64, root: [UInt8], treeSize: UInt64,
                      key: SecretBytes) throws -> (state: AuthorityState, mark: AuthoritySnapshot.Mark)? {
        guard let stored = try writer.authoritySnapshot(), stored.size <= size else { return nil }
        guard let storedRoot = stored.size == size ? root : try? repository.ledger.rootHash(treeSize: stored.size),
              var state = AuthoritySnapshot.open(stored.bytes, mac: stored.mac, root: storedRoot, key: key,
                                                 source: catalog.itemBucketSource),
              state.size == stored.size else { return nil }
        try replay(stored.size..<size, treeSize: treeSize, into: &state)
        return (state, AuthoritySnapshot.Mark(size: stored.size, mac: stored.mac))
    }

    /// Admits entries [range) into `state` without projecting them, as `project` does: each
    /// checked against its tile and judged, then the users' names annotated from the entries
    /// that carry them, after all are admitted.
    func replay(_ range: Range<UInt64>, treeSize: UInt64, into state: inout AuthorityState) throws {
        guard !range.isEmpty else { return }
        let reader = CheckedEntryReader(store: repository.ledger, treeSize: treeSize)
        var named: [(LedgerEntry, [UInt8])] = []
        try reader.forEachBatch(in: range) { batch in
            // Signatures checked on every core first; the replay stays in order.
            let verified = VerifiedSignatures(checking: batch.map(\.entry), knownKeys: state.signingKeys)
            for checked in batch {
                let entry = checked.entry
                let verdict = try state.admit(entry, logKey: view.logKeys.key(forEntry: entry.seq), verified: verified)
                if verdict == .valid, entry.type == EventType.userAdded || entry.type == EventType.identityRegistered {
                    named.append((entry, checked.leaf))
                }
            }
        }
        for (entry, leaf) in named {
            Self.annotateNames(try EntryOpener.open(entry, leafHash: leaf, repositoryID: repository.repositoryID, keys: keys),
                               in: &state)
        }
        logger.debug("replayed entries after the authority snapshot", metadata: ["from": "\(range.lowerBound)",
                                                                                 "to": "\(range.upperBound)"])
    }

    /// Makes `state` (at the tree with root `root`) this session's authority, and stores it as
    /// the snapshot unless it is already stored, or a transaction defers that and the stored
    /// one (`stored`) is less than the bound behind.
    func settleAuthority(_ state: AuthorityState, root: [UInt8], stored: AuthoritySnapshot.Mark?, key: SecretBytes,
                         in writer: CatalogWriter) throws {
        var state = state
        var mark = stored
        if let stored, stored.size == state.size {
            // Already stored (the caller checked it or built `state` from it).
        } else if let stored, defersSnapshot, stored.size < state.size,
                  state.size - stored.size < Self.snapshotLagBound(state) {
            // Deferred: the transaction stores it when it ends.
        } else if let stored, Self.snapshotMayWait(state, storedSize: stored.size) {
            // Only reads recorded since: the next command replays them.
        } else {
            let sealed = try AuthoritySnapshot.seal(state, root: root, key: key)
            if try writer.storeAuthoritySnapshot(size: state.size, sealed: sealed) {
                mark = AuthoritySnapshot.Mark(size: state.size, mac: sealed.mac)
                state = try settled(state, sealed)
            } else {
                logger.warning("the authority snapshot could not be stored (a bucket it names is gone); the next command replays")
                mark = nil
            }
        }
        authority = state
        authorityOrigin = mark.map { AuthorityOrigin(snapshot: $0, root: root) }
        shareAuthority()
    }

    /// `state` with its items as the buckets of the snapshot just stored from it (`sealed`), so
    /// that the next snapshot stores only the buckets that change after this one.
    func settled(_ state: AuthorityState, _ sealed: AuthoritySnapshot.Sealed) throws -> AuthorityState {
        var state = state
        state.items = ItemStates(stored: try sealed.buckets.storedVersion(source: catalog.itemBucketSource))
        return state
    }

    /// Stores `authority` as the snapshot when the stored one lags behind it (a transaction
    /// deferred it), unless another process replaced the stored one meanwhile (it rebuilt or
    /// caught up the catalog, and its snapshot is then at least as good).
    func storeSnapshotIfBehind() throws {
        guard let origin = authorityOrigin, origin.snapshot.size < authority.size,
              !Self.snapshotMayWait(authority, storedSize: origin.snapshot.size) else { return }
        let state = authority
        let key = try AuthoritySnapshot.macKey(userKey: user.sealingKey, repositoryID: repository.repositoryID,
                                               userID: user.id)
        // Sealed before the write transaction, which other processes of this user wait for.
        let sealed = try AuthoritySnapshot.seal(state, root: origin.root, key: key)
        let stored = try catalog.write { writer -> Bool in
            guard try writer.authoritySnapshotMark() == origin.snapshot,
                  try writer.watermarkTreeSize() >= Int64(clamping: state.size) else { return false }
            return try writer.storeAuthoritySnapshot(size: state.size, sealed: sealed)
        }
        if stored {
            authority = try settled(state, sealed)
            authorityOrigin = AuthorityOrigin(snapshot: AuthoritySnapshot.Mark(size: state.size, mac: sealed.mac),
                                              root: origin.root)
            shareAuthority()
        }
    }
}
