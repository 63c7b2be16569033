import Foundation
import GRDB

/// Catching the catalog up with the ledger: entries beyond the catalog's watermark are
/// checked (leaf hash against the tiles, signature against the signer's registered
/// key, sequence and time order) and projected, in one transaction.
extension Session {
    func sync() throws {
        var size = view.checkpoint.size
        let repositoryID = repository.repositoryID
        // Quick look first: most commands find the catalog already up to date.
        let current = try catalog.database.read { db in
            (try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'treeSize'") ?? 0,
             try catalog.lockedCases(db).isEmpty)
        }
        // The audit key, once sealed to this user (an auditor), opens audit parts projected while locked.
        let auditKeyHeld = try keys.auditKey() != nil
        let auditPartsToOpen = try auditKeyHeld && catalog.database.read { try catalog.hasLockedAuditParts($0) }
        if current.0 == Int64(size), current.1, !(try catalog.database.read { try catalog.hasLockedRepositoryEntries($0) }),
           !auditPartsToOpen { return }
        // The decision and the projection happen in one write transaction, so two processes
        // catching up at once cannot both insert the same entries.
        try catalog.database.write { db in
            let watermark = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'treeSize'") ?? 0
            let rootText = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'root'")
            let owner = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'repository'")
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
            if !rebuild, start > 0, let rootText,
               (try? repository.ledger.rootHash(treeSize: start)).map(Hex.encode) != rootText {
                rebuild = true
            }
            // A case this user can now open was projected while locked: project again with the key.
            // Repository parts projected while the keyring was unavailable: project again.
            if !rebuild, try catalog.hasLockedRepositoryEntries(db), try keys.repositoryKey(generation: 1) != nil {
                rebuild = true
            }
            if !rebuild, auditKeyHeld, try catalog.hasLockedAuditParts(db) {
                rebuild = true
            }
            if !rebuild {
                for (caseID, generation) in try catalog.lockedCases(db)
                where try keys.caseKeys(caseID: caseID, generation: generation) != nil {
                    rebuild = true
                    break
                }
            }
            if rebuild {
                start = 0
                try catalog.clear(db)
            }
            guard start < size else { return }
            try project(range: start..<size, treeSize: size, into: db)
        }
    }

    /// Projects entries [range) of the ledger into `db`, checking each one.
    func project(range: Range<UInt64>, treeSize: UInt64, into db: Database) throws {
        let repositoryID = repository.repositoryID
        var previousTime: Timestamp? = nil
        if range.lowerBound > 0 {
            let previous = try LedgerEntry.decode(try repository.ledger.entry(at: range.lowerBound - 1, treeSize: treeSize),
                                                  index: range.lowerBound - 1)
            previousTime = previous.time
        }
        var tileHashes: [[UInt8]] = []
        var tileIndex = UInt64.max
        try repository.ledger.forEachEntry(in: range, treeSize: treeSize) { index, bytes in
            let entry = try LedgerEntry.decode(bytes, index: index)
            let leaf = try Merkle.leafHash(bytes)
            if index / 256 != tileIndex {
                tileIndex = index / 256
                tileHashes = try repository.ledger.readHashTile(
                    level: 0, index: tileIndex, width: LedgerStore.width(level: 0, index: tileIndex, treeSize: treeSize))
            }
            guard Int(index % 256) < tileHashes.count, tileHashes[Int(index % 256)] == leaf else {
                throw FormatError("ledger entry \(index) does not hash to the value in its tile (the entry was altered)")
            }
            try EntryChecks.check(entry, index: index, previousTime: previousTime, logKey: view.logKeys.key(forEntry: index),
                                  signingKey: { try catalog.userKeys(db, id: $0)?.signing },
                                  invited: { try catalog.hasPendingInvitation(db, userID: $0) })
            previousTime = entry.time
            let opened = try EntryOpener.open(entry, leafHash: leaf, repositoryID: repositoryID, keys: keys)
            try CatalogProjector.apply(opened, to: db)
        }
        try catalog.setWatermark(db, repositoryID: repositoryID, treeSize: treeSize,
                                 root: try repository.ledger.rootHash(treeSize: treeSize))
    }
}

/// Checks every entry must pass, whoever reads it.
enum EntryChecks {
    /// `signingKey` returns the base64 Ed25519 key the ledger registered for a user id;
    /// `logKey` is the log key in force before this entry (`LogKeyChain.key(forEntry:)`).
    static func check(_ entry: LedgerEntry, index: UInt64, previousTime: Timestamp?, logKey: NoteVerifierKey,
                      signingKey: (String) throws -> String?, invited: (String) throws -> Bool) throws {
        guard entry.seq == index else {
            throw FormatError("ledger entry \(index) carries sequence number \(entry.seq) (entries removed, inserted or swapped)")
        }
        if let previousTime, entry.time < previousTime {
            throw FormatError("ledger entry \(index) is recorded at \(entry.time), before entry \(index - 1) at \(previousTime) (time went backwards)")
        }
        let publicKey: [UInt8]
        if entry.signer == LedgerEntry.logSigner {
            guard EventType.signedByLog.contains(entry.type) else {
                throw FormatError("ledger entry \(index) (\(entry.type)) is signed by the log key, which only signs repository.created and log-key.rotated")
            }
            publicKey = logKey.publicKey
        } else {
            guard entry.signer == entry.actor else {
                throw FormatError("ledger entry \(index) is signed by \(entry.signer), not by its actor \(entry.actor)")
            }
            var registered = try signingKey(entry.signer)
            // A user's own registration carries the key it is signed with; it must answer an
            // administrator's invitation (user.added), except the first user's, right after
            // the repository was created.
            if entry.type == EventType.identityRegistered, entry.publicPart?["user"]?.stringValue == entry.signer {
                let wasInvited = try invited(entry.signer)
                guard index == 1 || wasInvited else {
                    throw FormatError("ledger entry \(index) registers \(entry.signer), whom no administrator invited")
                }
                registered = entry.publicPart?["signingKey"]?.stringValue
            }
            guard let registered, let key = Base64.decode(registered) else {
                throw FormatError("ledger entry \(index) is signed by \(entry.signer), who is not registered before it")
            }
            publicKey = key
        }
        guard Ed25519.isValid(signature: entry.signature, message: entry.signingBytes(), publicKey: publicKey) else {
            throw FormatError("ledger entry \(index) has a signature that does not verify (the entry was altered)")
        }
    }
}
