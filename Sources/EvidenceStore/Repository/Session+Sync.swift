import Foundation

/// Catching the catalog up with the ledger: entries beyond the catalog's watermark are
/// checked (leaf hash against the tiles, signature against the signer's registered
/// key, sequence and time order) and projected, in one transaction. The authority state
/// the catch-up starts from is kept as Session+Snapshot.swift describes.
extension Session {
    func sync() throws {
        var size = view.checkpoint.size
        let repositoryID = repository.repositoryID
        let snapshotKey = try AuthoritySnapshot.macKey(userKey: user.sealingKey, repositoryID: repositoryID, userID: user.id)
        // Quick look first: most commands find the catalog already up to date.
        let current = try catalog.read { reader in
            (try reader.watermarkTreeSize(), try reader.lockedCases(), try reader.authoritySnapshotMark())
        }
        // Parts locked under keys this user does not hold stay locked; only a key received
        // since (a grant, a rekey) calls for projecting again.
        let nothingToUnlock = try current.1.allSatisfy { try keys.caseKeys(caseID: $0.0, keyID: $0.1) == nil }
        // The audit key, once sealed to this user (an auditor), opens audit parts projected while locked.
        let auditKeyHeld = try keys.auditKey() != nil
        let auditPartsToOpen = try auditKeyHeld && catalog.hasLockedAuditParts()
        if current.0 == Int64(size), nothingToUnlock, !(try catalog.hasLockedRepositoryEntries()),
           !auditPartsToOpen, let stored = current.2 {
            // Up to date. The state in memory needs no decoding; a snapshot that lags behind is
            // caught up (and stored) below, unless a transaction defers that.
            if reusableAuthority(at: size, root: view.checkpoint.rootHash, stored: stored) != nil,
               stored.size == size || defersSnapshot {
                return
            }
            if stored.size == size, let full = try catalog.authoritySnapshot(),
               full.size == size, full.mac == stored.mac,
               let state = AuthoritySnapshot.open(full.bytes, mac: full.mac, root: view.checkpoint.rootHash, key: snapshotKey,
                                                  source: catalog.itemBucketSource) {
                authority = state
                authorityOrigin = AuthorityOrigin(snapshot: stored, root: view.checkpoint.rootHash)
                shareAuthority()
                return
            }
        }
        // The decision and the projection happen in one write transaction, so two processes
        // catching up at once cannot both insert the same entries.
        try catalog.write { writer in
            let watermark = try writer.watermarkTreeSize()
            let rootText = try writer.watermarkRoot()
            let owner = try writer.watermarkRepository()
            var start = UInt64(max(0, watermark))
            var rebuild = owner != nil && owner != repositoryID
            // The catalog ahead of this session's checkpoint: usually another process committed
            // and projected since this session read it. Read the newest checkpoint again; only a
            // catalog still ahead of it (a ledger that lost entries) is rebuilt. Rebuilding to the
            // older checkpoint would take other writers' entries out of the catalog that every
            // process on this host shares, while they index from it.
            if start > size {
                try reloadView()
                size = view.checkpoint.size
            }
            if start > size { rebuild = true }
            var startRoot: [UInt8]?
            if !rebuild, start > 0 {
                startRoot = try? repository.ledger.rootHash(treeSize: start)
                if startRoot.map(Hex.encode) != rootText { rebuild = true }
            }
            // The authority state this catalog was built with: the one in memory when the stored
            // snapshot is still the one it came from; otherwise the snapshot, authenticated by
            // this user's key and tied to the root of its tree, with the entries after it (up to
            // the watermark) replayed. Anything else is rebuilt, never believed.
            var state = AuthorityState()
            // The snapshot `state` comes from (nil: none, so the one built here is stored).
            var stored: AuthoritySnapshot.Mark?
            var reusing = false
            if !rebuild, start > 0, let startRoot {
                let mark = try writer.authoritySnapshotMark()
                if let reused = reusableAuthority(at: start, root: startRoot, stored: mark) {
                    state = reused
                    stored = mark
                    reusing = true
                } else if let opened = try openSnapshot(writer, at: start, root: startRoot, treeSize: size, key: snapshotKey) {
                    state = opened.state
                    stored = opened.mark
                } else {
                    logger.warning("the authority snapshot of the catalog did not verify (or is of an older version); rebuilding it from the ledger")
                    rebuild = true
                }
            }
            // A case this user can now open was projected while locked: project again with the key.
            // Repository parts projected while the keyring was unavailable: project again.
            if !rebuild, try writer.hasLockedRepositoryEntries(), try keys.repositoryKey(generation: 1) != nil {
                rebuild = true
            }
            if !rebuild, auditKeyHeld, try writer.hasLockedAuditParts() {
                rebuild = true
            }
            if !rebuild {
                for (caseID, keyID) in try writer.lockedCases()
                where try keys.caseKeys(caseID: caseID, keyID: keyID) != nil {
                    rebuild = true
                    break
                }
            }
            if rebuild {
                start = 0
                state = AuthorityState()
                stored = nil
                try writer.clear()
            }
            // The state taken from `authority` is moved, not shared: otherwise its first change
            // would copy every item. Should the catch-up fail, `authority` gets it back as far as
            // it was admitted (a state of the ledger at or after `start`, as before, while the
            // catalog's transaction is rolled back), no longer taken for the snapshot's.
            let moved = reusing && !rebuild
            if moved { authority = AuthorityState() }
            do {
                if start < size {
                    try project(range: start..<size, treeSize: size, state: &state, into: writer)
                }
                try settleAuthority(state, root: try repository.ledger.rootHash(treeSize: size), stored: stored,
                                    key: snapshotKey, in: writer)
            } catch {
                if moved {
                    authority = state
                    authorityOrigin = nil
                }
                throw error
            }
        }
    }

    /// Projects entries [range) of the ledger into `writer`'s transaction, in two passes. First each entry is
    /// checked (its leaf hash against the tiles, then its signature and its signer's authority,
    /// AuthorityState) without opening anything, so that what the user may see is known as of
    /// the end of the range (Visibility). Rows projected earlier under a visibility that no
    /// longer holds are projected again (a grant, a revocation, a policy, an amended class);
    /// then each new entry is projected with its sealed part opened only when that visibility
    /// shows it. So a user's host never holds, even within a transaction, the plaintext of
    /// something that a later entry of the same range hides from them. Entries whose signer
    /// lacked the authority are listed as invalid and change nothing.
    func project(range: Range<UInt64>, treeSize: UInt64, state: inout AuthorityState, into writer: CatalogWriter) throws {
        let repositoryID = repository.repositoryID
        let reader = CheckedEntryReader(store: repository.ledger, treeSize: treeSize)
        var verdicts: [AuthorityVerdict] = []
        // Entries are kept in memory between the passes (reading and decoding them again costs
        // a quarter of a rebuild), up to a budget; beyond it, the rest is read again.
        var kept: [(LedgerEntry, [UInt8])] = []
        var keptBytes = 0
        try reader.forEachBatch(in: range) { batch in
            // Signatures checked on every core first; the replay stays in order.
            let verified = VerifiedSignatures(checking: batch.map(\.entry), knownKeys: state.signingKeys)
            for checked in batch {
                let entry = checked.entry
                verdicts.append(try state.admit(entry, logKey: view.logKeys.key(forEntry: entry.seq), verified: verified))
                if keptBytes + checked.size <= Self.bytesKeptBetweenPasses, kept.count == verdicts.count - 1 {
                    kept.append((entry, checked.leaf))
                    keptBytes += checked.size
                }
            }
        }
        let visibility = Visibility(state: state, userID: user.id)
        let stored = try writer.visibilityFingerprints()
        for (caseID, fingerprint) in visibility.fingerprints(before: range.lowerBound).sorted(by: { $0.key < $1.key })
        where stored[caseID] != fingerprint {
            try reproject(caseID: caseID, before: range.lowerBound, visibility: visibility, reader: reader, into: writer)
        }
        func apply(_ entry: LedgerEntry, _ leaf: [UInt8]) throws {
            let opened = try EntryOpener.open(entry, leafHash: leaf, repositoryID: repositoryID, keys: keys,
                                              showingSealed: visibility.showsSealedPart(of: entry))
            if case .invalid(let reason) = verdicts[Int(entry.seq - range.lowerBound)] {
                logger.warning("skipping an invalid ledger entry", metadata: ["seq": "\(entry.seq)", "type": "\(entry.type)"])
                try writer.project(opened, invalid: reason)
                return
            }
            Self.annotateNames(opened, in: &state)
            try writer.project(opened)
        }
        for (entry, leaf) in kept { try apply(entry, leaf) }
        try reader.forEach(in: (range.lowerBound + UInt64(kept.count))..<range.upperBound) { entry, leaf, _ in
            try apply(entry, leaf)
        }
        try writer.storeVisibilityFingerprints(visibility.fingerprints(before: range.upperBound), replacing: stored)
        try writer.setWatermark(repositoryID: repositoryID, treeSize: treeSize,
                                 root: try repository.ledger.rootHash(treeSize: treeSize))
    }

    /// Encoded bytes of entries kept between the passes: about 40,000 typical entries (some
    /// 1.7 KB each encoded, about as much decoded).
    static let bytesKeptBetweenPasses = 64 << 20

    /// User names live in sealed parts; the state keeps them to label users in messages.
    static func annotateNames(_ opened: OpenedEntry, in state: inout AuthorityState) {
        let entry = opened.entry
        guard let name = opened.sealed?["name"]?.stringValue, let userID = entry.publicPart?["user"]?.stringValue,
              entry.type == EventType.userAdded || entry.type == EventType.identityRegistered else { return }
        state.annotate(userID: userID, name: name)
    }
}
